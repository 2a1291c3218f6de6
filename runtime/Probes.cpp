//===- Probes.cpp - Print's output and NanGuardMode's checks ---------------===//
#include "runtime/Probes.h"

#include "runtime/Array.h"
#include "runtime/Cuda.h"
#include "runtime/Execution.h"
#include "runtime/NumpyFormat.h"

#include <cmath>
#include <cstring>
#include <memory>
#include <iostream>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace theta {
namespace {

/// A site string, parsed once.
struct Probe {
  std::string site; // The text it was parsed from.
  bool isPrint = false;
  std::string message;
  std::vector<std::string> attrs;
  bool nan = false, inf = false, big = false;
  DType dtype = DType::Float32;
  Shape shape;
  std::string origin;
  int64_t elements = 1;
};

std::vector<std::string> split(const std::string &text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator))
    parts.push_back(part);
  if (!text.empty() && text.back() == separator)
    parts.emplace_back();
  return parts;
}

Probe parse(const char *site) {
  std::vector<std::string> fields = split(site, kProbeSeparator);
  Probe probe;
  auto field = [&](size_t i) -> const std::string & {
    static const std::string empty;
    return i < fields.size() ? fields[i] : empty;
  };
  probe.isPrint = field(0) == "print";
  size_t next = 1;
  if (probe.isPrint) {
    probe.message = field(next++);
    for (const std::string &attr : split(field(next++), ','))
      if (!attr.empty())
        probe.attrs.push_back(attr);
  } else {
    const std::string &flags = field(next++);
    probe.nan = flags.find('n') != std::string::npos;
    probe.inf = flags.find('i') != std::string::npos;
    probe.big = flags.find('b') != std::string::npos;
  }
  probe.dtype = parseDType(field(next++));
  for (const std::string &size : split(field(next++), 'x'))
    if (!size.empty())
      probe.shape.push_back(std::stoll(size));
  probe.origin = field(next++);
  for (int64_t size : probe.shape)
    probe.elements *= size;
  return probe;
}

/// The parsed probe of a site. Cached by address, but checked against the
/// text: unloaded code's addresses are reused by later functions.
const Probe &probeAt(intptr_t site) {
  static std::shared_mutex mutex;
  static std::unordered_map<intptr_t, std::unique_ptr<Probe>> probes;
  const char *text = reinterpret_cast<const char *>(site);
  {
    std::shared_lock<std::shared_mutex> read(mutex);
    if (auto found = probes.find(site); found != probes.end() && found->second->site == text)
      return *found->second;
  }
  auto probe = std::make_unique<Probe>(parse(text));
  probe->site = text;
  std::unique_lock<std::shared_mutex> write(mutex);
  std::unique_ptr<Probe> &slot = probes[site];
  if (!slot || slot->site != text)
    slot = std::move(probe); // A reader of the old one holds no reference past its call.
  return *slot;
}

std::mutex printMutex;
std::ostream *printTarget = nullptr;

/// One of Print's attributes of `value`, as Python would print it.
std::string attribute(const std::string &name, const Array &value) {
  DType dtype = value.dtype();
  int64_t n = value.size();
  auto reduce = [&](double start, auto combine) {
    double result = start;
    for (int64_t i = 0; i < n; ++i)
      result = combine(result, value.at(i));
    return result;
  };
  // NumPy's mean and std of integers are float64; of floats, their dtype.
  DType meanType = isFloat(dtype) ? dtype : DType::Float64;
  // NumPy sums booleans and narrow integers in int64.
  DType sumType = isFloat(dtype) || dtype == DType::Int64 ? dtype : DType::Int64;
  if (name == "__str__")
    return numpyStr(value);
  if (name == "shape")
    return shapeTuple(value.shape());
  if (name == "dtype")
    return dtypeName(dtype);
  if (name == "ndim")
    return std::to_string(value.rank());
  if (name == "size")
    return std::to_string(n);
  if (name == "sum")
    return numpyScalarStr(reduce(0.0, [](double a, double b) { return a + b; }), sumType);
  if (name == "mean" || name == "std" || name == "var") {
    double mean = n ? reduce(0.0, [](double a, double b) { return a + b; }) / n : NAN;
    if (name == "mean")
      return numpyScalarStr(mean, meanType);
    double squares = 0;
    for (int64_t i = 0; i < n; ++i)
      squares += (value.at(i) - mean) * (value.at(i) - mean);
    double variance = n ? squares / n : NAN;
    return numpyScalarStr(name == "var" ? variance : std::sqrt(variance), meanType);
  }
  if (n == 0)
    return "ValueError: zero-size array to reduction operation " + name +
           " which has no identity";
  if (name == "min")
    return numpyScalarStr(reduce(INFINITY, [](double a, double b) {
                            return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
                          }),
                          dtype);
  if (name == "max")
    return numpyScalarStr(reduce(-INFINITY, [](double a, double b) {
                            return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
                          }),
                          dtype);
  if (name == "argmax" || name == "argmin") {
    int64_t best = 0;
    for (int64_t i = 1; i < n; ++i)
      if (name == "argmax" ? value.at(i) > value.at(best) : value.at(i) < value.at(best))
        best = i;
    return std::to_string(best);
  }
  return "?"; // The API refuses unknown attributes when the node is built.
}

void print(const Probe &probe, const void *data) {
  Array value(probe.dtype, probe.shape);
  if (value.bytes())
    std::memcpy(value.raw(), data, value.bytes());
  std::string text;
  for (const std::string &attr : probe.attrs)
    text += probe.message + " " + attr + " = " + attribute(attr, value) + "\n";
  if (probe.attrs.empty()) // Theano prints just the message then.
    text = probe.message + "\n";
  std::lock_guard<std::mutex> lock(printMutex);
  printStream() << text << std::flush;
}

template <typename T> void check(const Probe &probe, const T *data) {
  for (int64_t i = 0; i < probe.elements; ++i) {
    T v = data[i];
    const char *what = nullptr;
    if (probe.nan && std::isnan(v))
      what = "NaN";
    else if (probe.inf && std::isinf(v))
      what = v > 0 ? "inf" : "-inf";
    else if (probe.big && std::isfinite(v) && std::fabs(v) > kBigValue)
      what = "a big value (magnitude > 1e10)";
    if (!what)
      continue;
    std::string at;
    int64_t rest = i;
    for (size_t k = probe.shape.size(); k-- > 0;) {
      at = std::to_string(rest % probe.shape[k]) + (at.empty() ? "" : ", ") + at;
      rest /= probe.shape[k];
    }
    reportNumericError("NanGuardMode: " + std::string(what) + " in " + probe.origin +
                       " (shape " + shapeTuple(probe.shape) + ", first at [" + at + "])");
    return;
  }
}

} // namespace

void setPrintStream(std::ostream *stream) {
  std::lock_guard<std::mutex> lock(printMutex);
  printTarget = stream;
}

std::ostream &printStream() { return printTarget ? *printTarget : std::cout; }

} // namespace theta

extern "C" void theta_probe(intptr_t site, intptr_t data) {
  const theta::Probe &probe = theta::probeAt(site);
  // In a GPU call the value is a host copy the device's queue is still
  // writing (--theta-gpu-buffers): wait for it.
  if (theta::Device *gpu = theta::activeCudaDevice())
    gpu->synchronize();
  const void *pointer = reinterpret_cast<const void *>(data);
  if (probe.isPrint) {
    theta::print(probe, pointer);
    return;
  }
  if (probe.dtype == theta::DType::Float32)
    theta::check(probe, static_cast<const float *>(pointer));
  else if (probe.dtype == theta::DType::Float64)
    theta::check(probe, static_cast<const double *>(pointer));
}
