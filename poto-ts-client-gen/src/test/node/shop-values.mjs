// Valid wire values of the shop fixture's types, as the server writes them, edges included.

/** One `Everything` (every mapping row) as JSON text: integers beyond 2^53 need the exact reader. */
export const EVERYTHING_WIRE = `{
  "flag": true, "boxedFlag": false,
  "tiny": -128, "small": 32767, "count": -2147483648, "ratio": "NaN", "amount": -0.0,
  "boxedTiny": 127, "boxedSmall": -32768, "boxedCount": 2147483647, "boxedRatio": 3.4028235E38, "boxedAmount": 1.7976931348623157E308,
  "big": 9007199254740991, "boxedBig": -9007199254740991,
  "letter": "\\u2028", "boxedLetter": "x", "text": "\\ud800 lone", "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  "price": "-12.10", "huge": "123456789012345678901234567890",
  "blob": "AAH+/w==", "chars": "abc", "boxedBytes": [1, -128],
  "at": "2024-03-31T01:30:15.123456789Z", "offsetAt": "2024-03-31T02:30:15+14:00", "localAt": "2024-03-31T02:30:00",
  "day": "2024-02-29", "timeout": "PT48H0.000000001S",
  "color": "dark-blue", "shape": { "kind": "circle", "radius": 1.5 },
  "customer": { "nickname": "nick", "name": "n", "active": true, "viplevel": 1, "birthday": "2000-01-01", "points": 3, "doublePoints": 6 },
  "moneyPage": { "items": [{ "amount": "1.10", "currency": "EUR" }], "total": 1, "next": null },
  "tree": { "label": "root", "children": [{ "label": "a", "children": [], "byName": {}, "size": 0 }], "byName": {}, "size": 1 },
  "list": ["a"], "set": [1], "sortedSet": ["a", "b"], "array": [], "matrix": [[1, 2], []],
  "instants": ["2024-01-01T00:00:00Z"], "nestedLongs": [[1, -2]],
  "byKey": { "__proto__": "2024-01-01T00:00:00Z" }, "byColor": { "RED": 1, "dark-blue": 2 }, "blobs": { "b": ["AQID"] },
  "maybeText": null, "maybeCount": 3, "maybeBig": null, "nullableText": null, "nullableMoney": null,
  "sparse": ["a", null],
  "pagesOfInstants": { "items": [{ "items": ["2024-01-01T00:00:00Z"], "total": 1, "next": null }], "total": 1, "next": "p2" },
  "legacyDate": "1969-12-31T23:59:59.999+00:00", "zoned": "2024-03-31T03:30:15.5+02:00[Europe/Paris]",
  "time": "23:59:59.999999999", "period": "P1Y-2M3D", "year": "2024", "month": "2024-02", "zone": "Europe/Paris",
  "json": { "n": 18446744073709551616, "z": -0.0 }, "jsonObject": { "__proto__": 1 }, "jsonArray": [1, "a"],
  "byNumber": { "-2147483648": "min" }, "byLong": { "9223372036854775807": "2024-01-01T00:00:00Z" },
  "byId": { "7c9e6679-7425-40de-944b-e07fc1f90ae7": 1 }, "byDay": { "2024-02-29": "leap" },
  "exactBig": -9223372036854775808, "exactLongs": [9223372036854775807, 0],
  "exactByKey": { "k": null, "__proto__": 1234567890123456789 },
  "pageOfDoubles": { "items": ["NaN", -0.0, 1e308, "-Infinity"], "total": 4 }
}`;

/** A valid `Item`. */
export const ITEM = Object.freeze({ id: "7c9e6679-7425-40de-944b-e07fc1f90ae7", name: "pen", stock: 3,
  price: { amount: "1.10", currency: "EUR" }, color: "dark-blue", tags: [], createdAt: "2024-05-01T10:00:00Z", soldOutAt: null });
