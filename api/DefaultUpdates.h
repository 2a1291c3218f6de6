//===- DefaultUpdates.h - shared variables' default updates ---------------===//
//
// Theano's `default_update`: theta::function applies the default update of
// every shared variable its graph reads and does not update explicitly
// (set with theta::set_default_update; RandomStreams sets one per draw).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_DEFAULTUPDATES_H
#define THETA_API_DEFAULTUPDATES_H

#include "api/Graph.h"

namespace theta {
namespace detail {

/// The default update of the shared variable with this storage, or an empty
/// Variable.
Variable defaultUpdateOf(const std::shared_ptr<SharedStorage> &storage);

} // namespace detail
} // namespace theta

#endif // THETA_API_DEFAULTUPDATES_H
