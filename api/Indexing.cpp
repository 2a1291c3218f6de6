//===- Indexing.cpp - x[...], x.shape() and x.eval() ----------------------===//
#include "theta/Function.h"
#include "theta/Ops.h"
#include "theta/Variable.h"

#include <map>
#include <mutex>
#include <utility>

namespace theta {

Variable Variable::operator[](const Index &index) const {
  return subtensor(*this, {index}, index.where);
}

Variable Variable::operator[](std::initializer_list<Index> indices) const {
  SourceLocation where = indices.size() ? indices.begin()->where : SourceLocation::current();
  return subtensor(*this, std::vector<Index>(indices), where);
}

Variable Variable::shape(SourceLocation where) const { return theta::shape(*this, where); }

Array Variable::eval(const std::vector<std::pair<Variable, Array>> &inputs,
                     SourceLocation where) const {
  // One function per (node, inputs), kept for the life of the process as
  // the nodes are (Theano keeps eval's functions in the variable too).
  using Key = std::pair<const void *, std::vector<const void *>>;
  static std::mutex mutex;
  static auto *compiled = new std::map<Key, Function>;
  Key key{id(), {}};
  std::vector<Variable> variables;
  std::vector<Array> values;
  for (const auto &[variable, value] : inputs) {
    key.second.push_back(variable.id());
    variables.push_back(variable);
    values.push_back(value);
  }
  Function function{nullptr};
  {
    std::lock_guard<std::mutex> guard(mutex);
    auto found = compiled->find(key);
    if (found == compiled->end()) {
      FunctionOptions options;
      options.name = "eval of " + (name(where).empty() ? std::string("a node") : name(where));
      found = compiled->emplace(key, theta::function(variables, *this, options, where)).first;
    }
    function = found->second;
  }
  return function(values)[0];
}

} // namespace theta
