//===- RandomStreams.cpp - random draws and default updates ---------------===//
//
// A draw is `theta.random` on two shared int64 scalars of its own, a key and
// a counter, followed by ordinary ops that scale it (uniform, normal) or
// compare it (binomial). The counter's default update (counter + 1,
// DefaultUpdates.cpp) is what makes every call of a function that uses the
// draw see new numbers.
//
//===----------------------------------------------------------------------===//
#include "theta/RandomStreams.h"

#include "api/Graph.h"
#include "dialect/ThetaOps.h"

#include "runtime/Compiler.h"
#include "runtime/Error.h"

namespace theta {
using detail::at;
namespace detail {

struct RandomStreamsImpl {
  uint64_t seed = 0;
  std::vector<RandomStreams::State> states;
  std::vector<Variable> advances; // counter + 1, per draw
};

namespace {

/// Output `index` (from 1) of SplitMix64 seeded with `seed` (Steele et al.).
uint64_t splitmix64(uint64_t seed, uint64_t index) {
  uint64_t z = seed + index * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

Array int64Scalar(uint64_t value) {
  Array array(DType::Int64, {});
  *array.data<int64_t>() = static_cast<int64_t>(value);
  return array;
}

/// `operand` as a Variable of `dtype` (numbers become constants).
Variable asDType(const Operand &operand, DType dtype, SourceLocation where) {
  if (!operand.isVariable)
    return constant(Array::full(dtype, {}, operand.number), where);
  return operand.variable.dtype() == dtype ? operand.variable
                                           : cast(operand.variable, dtype, where);
}

/// Throws for a parameter (low, p...) made from an empty Variable.
void checkParameter(const char *distribution, const Operand &operand, const char *name,
                    SourceLocation where) {
  if (operand.isVariable && !operand.variable)
    emptyVariable(distribution, name, where);
}

} // namespace

} // namespace detail

using detail::Graph;

RandomStreams::RandomStreams(uint64_t seed) : impl(std::make_shared<detail::RandomStreamsImpl>()) {
  impl->seed = seed;
}

void RandomStreams::seed(uint64_t seed) {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  impl->seed = seed;
  for (size_t i = 0; i < impl->states.size(); ++i) {
    impl->states[i].key.set_value(detail::int64Scalar(detail::splitmix64(seed, i + 1)));
    impl->states[i].counter.set_value(detail::int64Scalar(0));
  }
}

std::vector<Update> RandomStreams::updates() const {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  std::vector<Update> updates;
  for (size_t i = 0; i < impl->states.size(); ++i)
    updates.emplace_back(impl->states[i].counter, impl->advances[i]);
  return updates;
}

std::vector<RandomStreams::State> RandomStreams::states() const {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  return impl->states;
}

namespace {

/// A fresh stream's `theta.random` of `size` (after `leading` static sizes):
/// standard uniform or normal.
Variable draw(detail::RandomStreamsImpl &impl, llvm::StringRef distribution, const RandomSize &size,
              DType dtype, SourceLocation where, std::vector<int64_t> leading = {}) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  if (!isFloat(dtype))
    throw TypeError(detail::at(where) + distribution.str() + " draws float16, float32 or " +
                    "float64 numbers, not " + dtypeName(dtype));
  // float16 draws are float32 draws rounded (Philox's bits map to f32 or f64).
  if (dtype == DType::Float16)
    return cast(draw(impl, distribution, size, DType::Float32, where, std::move(leading)),
                DType::Float16, where);
  mlir::Builder b(&graph.context());
  std::vector<int64_t> staticShape = size.sizes;
  std::vector<mlir::Value> dynamicShape;
  std::vector<Variable> sizes;
  if (size.isSymbolic && !size.symbolic)
    detail::emptyVariable(distribution, "size", where);
  if (size.symbolic) {
    const Variable &shape = size.symbolic;
    if (shape.ndim() != 1 || isFloat(shape.dtype()) || shape.dtype() == DType::Bool ||
        shape.staticShape()[0] < 0)
      throw TypeError(detail::at(where) + "the size of a random draw must be a list of " +
                      "integers or an integer vector of known length such as shape(x), got " +
                      detail::describe(shape));
    staticShape.assign(shape.staticShape()[0], mlir::ShapedType::kDynamic);
    for (int64_t d = 0; d < shape.staticShape()[0]; ++d) {
      sizes.push_back(subtensor(shape, {Index(d)}, where)); // held until the draw uses it
      dynamicShape.push_back(detail::valueOf(sizes.back(), where));
    }
  } else {
    for (int64_t s : staticShape)
      if (s < 0)
        throw ShapeError(detail::at(where) + "the size of a random draw has a negative entry");
  }

  staticShape.insert(staticShape.begin(), leading.begin(), leading.end());

  size_t index = impl.states.size();
  std::string suffix = std::to_string(index);
  RandomStreams::State state{shared(detail::int64Scalar(detail::splitmix64(impl.seed, index + 1)),
                                    "rng_key_" + suffix, where),
                             shared(detail::int64Scalar(0), "rng_counter_" + suffix, where)};
  Variable advance = add(state.counter, 1, where);
  set_default_update(state.counter, advance, where);
  impl.states.push_back(state);
  impl.advances.push_back(advance);

  std::vector<mlir::Value> operands{detail::valueOf(state.key, where),
                                    detail::valueOf(state.counter, where)};
  operands.insert(operands.end(), dynamicShape.begin(), dynamicShape.end());
  return graph.build1<RandomOp>(
      operands,
      {detail::named<RandomOp>(&RandomOp::getDistributionAttrName, b.getStringAttr(distribution)),
       detail::named<RandomOp>(&RandomOp::getStaticShapeAttrName,
                               b.getDenseI64ArrayAttr(staticShape)),
       detail::named<RandomOp>(&RandomOp::getDtypeAttrName,
                               mlir::TypeAttr::get(mlirElementType(graph.context(), dtype)))},
      where);
}

} // namespace

Variable RandomStreams::uniform(RandomSize size, Operand low, Operand high,
                                std::optional<DType> dtype, SourceLocation where) {
  detail::checkParameter("uniform", low, "low", where);
  detail::checkParameter("uniform", high, "high", where);
  DType type = dtype.value_or(floatX());
  Variable u = draw(*impl, "uniform", size, type, where);
  // low + (high - low) * u, skipping what is the identity
  if (!low.isVariable && !high.isVariable) {
    if (high.number - low.number != 1)
      u = mul(u, detail::asDType(high.number - low.number, type, where), where);
    return low.number == 0 ? u : add(detail::asDType(low, type, where), u, where);
  }
  Variable lo = detail::asDType(low, type, where), hi = detail::asDType(high, type, where);
  return add(lo, mul(sub(hi, lo, where), u, where), where);
}

Variable RandomStreams::normal(RandomSize size, Operand avg, Operand stddev,
                               std::optional<DType> dtype, SourceLocation where) {
  detail::checkParameter("normal", avg, "avg", where);
  detail::checkParameter("normal", stddev, "stddev", where);
  DType type = dtype.value_or(floatX());
  Variable z = draw(*impl, "normal", size, type, where);
  bool unitScale = !stddev.isVariable && stddev.number == 1,
       zeroMean = !avg.isVariable && avg.number == 0;
  if (!unitScale)
    z = mul(detail::asDType(stddev, type, where), z, where);
  if (!zeroMean)
    z = add(detail::asDType(avg, type, where), z, where);
  return z;
}

Variable RandomStreams::binomial(RandomSize size, int64_t n, Operand p, DType dtype,
                                 SourceLocation where) {
  detail::checkParameter("binomial", p, "p", where);
  if (n < 0)
    throw ArgumentError(detail::at(where) + "binomial needs n >= 0, got " + std::to_string(n));
  // Compare uniforms in p's float dtype (float64 for numbers: exact to 2^-53).
  DType uniformType =
      p.variable && isFloat(p.variable.dtype()) ? p.variable.dtype() : DType::Float64;
  Variable probability = detail::asDType(p, uniformType, where);
  if (n == 1)
    return cast(lt(draw(*impl, "uniform", size, uniformType, where), probability, where), dtype,
                where);
  // n trials along a new leading axis, then counted.
  Variable u = draw(*impl, "uniform", size, uniformType, where, {n});
  return sum(cast(lt(u, probability, where), dtype, where), std::vector<int64_t>{0}, false, where);
}

} // namespace theta
