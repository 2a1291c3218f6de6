//===- DefaultUpdates.cpp - Theano's shared_variable.default_update -------===//
//
// A registry from shared storage to the update theta::function applies when
// a graph reads that shared variable without updating it explicitly.
//
//===----------------------------------------------------------------------===//
#include "api/Graph.h"
#include "api/DefaultUpdates.h"

#include "theta/RandomStreams.h"

#include "runtime/Error.h"

#include <unordered_map>

namespace theta {
using detail::at;
namespace detail {
namespace {

/// Default updates by shared storage. A storage that died leaves an entry
/// whose weak pointer no longer matches; it is swept on the next insertion.
struct DefaultUpdateEntry {
  std::weak_ptr<SharedStorage> storage;
  Variable update;
};
std::unordered_map<const SharedStorage *, DefaultUpdateEntry> &defaultUpdates() {
  static std::unordered_map<const SharedStorage *, DefaultUpdateEntry> registry;
  return registry;
}

} // namespace

Variable defaultUpdateOf(const std::shared_ptr<SharedStorage> &storage) {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  auto &registry = defaultUpdates();
  auto found = registry.find(storage.get());
  if (found == registry.end() || found->second.storage.lock() != storage)
    return Variable();
  return found->second.update;
}

} // namespace detail

using detail::Graph;

void set_default_update(const SharedVariable &variable, const Variable &update,
                        SourceLocation where) {
  if (!variable || !variable.impl()->shared)
    throw ArgumentError(detail::at(where) + "set_default_update needs a shared variable");
  if (update && (update.dtype() != variable.dtype() || update.ndim() != variable.ndim()))
    throw TypeError(detail::at(where) + "the default update of " + detail::describe(variable) +
                    " is " + detail::describe(update) + "; it must have the same dtype and rank");
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  auto &registry = detail::defaultUpdates();
  for (auto entry = registry.begin(); entry != registry.end();)
    entry = entry->second.storage.expired() ? registry.erase(entry) : std::next(entry);
  const std::shared_ptr<detail::SharedStorage> &storage = variable.impl()->shared;
  if (update)
    registry[storage.get()] = {storage, update};
  else
    registry.erase(storage.get());
}

Variable default_update(const SharedVariable &variable) {
  if (!variable || !variable.impl()->shared)
    return Variable();
  return detail::defaultUpdateOf(variable.impl()->shared);
}

} // namespace theta
