package dev.poto.processor;

import dev.poto.processor.messages.Messages;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.validation.ValidationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Routes must be unique in a compilation. Remembers the routes of modules written in earlier rounds
 * and rejects, on both classes, any module that claims a route already taken.
 */
final class RouteRegistry {
  private final Map<String, String> claimed = new HashMap<>(); // route -> qualified name of its contract type
  private final Elements elements;

  RouteRegistry(Elements elements) {
    this.elements = elements;
  }

  /**
   * Claims the routes of this round's valid modules; returns those that may be written and adds an
   * error for every clash to {@code report}.
   */
  List<ModuleModel> claim(List<ModuleModel> modules, ValidationReport report) {
    Map<String, List<ModuleModel>> byRoute = new LinkedHashMap<>();
    modules.forEach(m -> byRoute.computeIfAbsent(m.route(), r -> new ArrayList<>()).add(m));
    List<ModuleModel> accepted = new ArrayList<>();
    for (var entry : byRoute.entrySet()) {
      String route = entry.getKey();
      List<ModuleModel> claimants = entry.getValue();
      String earlier = claimed.get(route);
      // An API interface and its implementation share the route: it belongs to the interface.
      Set<String> owners = new LinkedHashSet<>();
      if (earlier != null) {
        owners.add(earlier);
      }
      claimants.forEach(m -> owners.add(m.contractName()));
      if (owners.size() == 1) {
        claimed.put(route, owners.iterator().next());
        accepted.addAll(claimants);
        continue;
      }
      List<String> names = new ArrayList<>(claimants.stream().map(ModuleModel::contractName).toList());
      for (int i = 0; i < claimants.size(); i++) {
        String mine = names.get(i);
        String other = owners.stream().filter(owner -> !owner.equals(mine)).findFirst().orElseThrow();
        report.error(Messages.duplicateRoute(name(claimants.get(i).element()), route, other), claimants.get(i).element());
      }
      if (earlier != null) {
        TypeElement earlierElement = elements.getTypeElement(earlier);
        if (earlierElement != null) {
          String other = owners.stream().filter(owner -> !owner.equals(earlier)).findFirst().orElseThrow();
          report.error(Messages.duplicateRoute(earlier, route, other), earlierElement);
        }
      }
    }
    return accepted;
  }

  private static String name(TypeElement element) {
    return element.getQualifiedName().toString();
  }
}
