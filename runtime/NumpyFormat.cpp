//===- NumpyFormat.cpp - NumPy's arrayprint, for Print ---------------------===//
//
// A port of the parts of numpy/core/arrayprint.py that str() uses with the
// default options: FloatingFormat (maxprec, unique), IntegerFormat,
// BoolFormat, and _formatArray's wrapping and summarization.
//
//===----------------------------------------------------------------------===//
#include "runtime/NumpyFormat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace theta {
namespace {

constexpr int kPrecision = 8;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr size_t kLineWidth = 75;

/// True if `text` reads back as `value` in the array's precision.
bool roundTrips(const std::string &text, double value, DType dtype) {
  if (dtype == DType::Float32)
    return std::strtof(text.c_str(), nullptr) == static_cast<float>(value);
  return std::strtod(text.c_str(), nullptr) == value;
}

std::string printed(const char *format, int digits, double value) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, format, digits, value);
  return buffer;
}

/// Dragon4 positional, unique: the fewest fractional digits (at most
/// `precision`) that identify the value; "1." for whole numbers.
std::string positional(double value, DType dtype, int precision) {
  std::string text;
  for (int digits = 0; digits <= precision; ++digits) {
    text = printed("%.*f", digits, value);
    if (roundTrips(text, value, dtype))
      break;
  }
  if (text.find('.') == std::string::npos)
    text += '.';
  else
    while (text.back() == '0')
      text.pop_back();
  return text;
}

/// Dragon4 scientific, unique: "1.5e-05", "1.e+00" (mantissa digits as few
/// as identify the value, at most `precision`).
std::string scientific(double value, DType dtype, int precision) {
  std::string text;
  for (int digits = 0; digits <= precision; ++digits) {
    text = printed("%.*e", digits, value);
    if (roundTrips(text, value, dtype))
      break;
  }
  size_t e = text.find('e');
  std::string mantissa = text.substr(0, e), exponent = text.substr(e);
  if (mantissa.find('.') == std::string::npos)
    mantissa += '.';
  else
    while (mantissa.back() == '0')
      mantissa.pop_back();
  return mantissa + exponent;
}

std::string padLeft(const std::string &text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string padRight(const std::string &text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

/// One format for all the elements shown (FloatingFormat.fillFormat).
class FloatFormat {
public:
  FloatFormat(const std::vector<double> &values, DType dtype) : dtype(dtype) {
    std::vector<double> finite;
    bool negativeInfinity = false, nonFinite = false;
    for (double v : values) {
      if (std::isfinite(v))
        finite.push_back(v);
      else {
        nonFinite = true;
        negativeInfinity |= std::isinf(v) && v < 0;
      }
    }
    double maxAbs = 0, minAbs = INFINITY;
    for (double v : finite)
      if (v != 0) {
        maxAbs = std::max(maxAbs, std::fabs(v));
        minAbs = std::min(minAbs, std::fabs(v));
      }
    if (maxAbs > 0 && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1000.))
      exponential = true;
    if (finite.empty()) {
      padLeftWidth = padRightWidth = 0;
    } else if (exponential) {
      size_t exponentSize = 0;
      for (double v : finite) {
        std::string text = scientific(v, dtype, kPrecision);
        size_t dot = text.find('.'), e = text.find('e');
        padLeftWidth = std::max(padLeftWidth, dot);
        mantissaDigits = std::max(mantissaDigits, static_cast<int>(e - dot - 1));
        exponentSize = std::max(exponentSize, text.size() - e - 1);
      }
      padRightWidth = exponentSize + 2 + static_cast<size_t>(mantissaDigits);
    } else {
      for (double v : finite) {
        std::string text = positional(v, dtype, kPrecision);
        size_t dot = text.find('.');
        padLeftWidth = std::max(padLeftWidth, dot);
        padRightWidth = std::max(padRightWidth, text.size() - dot - 1);
      }
    }
    if (nonFinite) {
      size_t offset = padRightWidth + 1;
      size_t widest = std::max<size_t>(3, 3 + (negativeInfinity ? 1 : 0));
      if (widest > offset)
        padLeftWidth = std::max(padLeftWidth, widest - offset);
    }
  }

  std::string operator()(double v) const {
    if (!std::isfinite(v)) {
      std::string text = std::isnan(v) ? "nan" : (v < 0 ? "-inf" : "inf");
      return padLeft(text, padLeftWidth + padRightWidth + 1);
    }
    if (exponential) {
      // min_digits = the widest mantissa: trailing zeros kept to match.
      std::string text = printed("%.*e", mantissaDigits, v);
      size_t e = text.find('e');
      std::string mantissa = text.substr(0, e);
      if (mantissa.find('.') == std::string::npos)
        mantissa += '.';
      size_t dot = mantissa.find('.');
      return std::string(padLeftWidth > dot ? padLeftWidth - dot : 0, ' ') + mantissa +
             text.substr(e);
    }
    std::string text = positional(v, dtype, kPrecision);
    size_t dot = text.find('.');
    std::string left = padLeft(text.substr(0, dot), padLeftWidth);
    return left + padRight(text.substr(dot), padRightWidth + 1);
  }

private:
  DType dtype;
  bool exponential = false;
  int mantissaDigits = 0;
  size_t padLeftWidth = 0;
  size_t padRightWidth = 0;
};

/// Flat indices of the elements str() shows, and whether it summarizes.
struct Layout {
  const Array &array;
  bool summarize;

  /// The indices shown along an axis of `size` (-1 marks the "...").
  std::vector<int64_t> shownAlong(int64_t size) const {
    std::vector<int64_t> shown;
    if (summarize && size > 2 * kEdgeItems) {
      for (int64_t i = 0; i < kEdgeItems; ++i)
        shown.push_back(i);
      shown.push_back(-1);
      for (int64_t i = size - kEdgeItems; i < size; ++i)
        shown.push_back(i);
    } else {
      for (int64_t i = 0; i < size; ++i)
        shown.push_back(i);
    }
    return shown;
  }

  void collect(size_t axis, int64_t offset, std::vector<double> &values) const {
    const Shape &shape = array.shape();
    if (axis == shape.size()) {
      values.push_back(array.at(offset));
      return;
    }
    int64_t stride = 1;
    for (size_t k = axis + 1; k < shape.size(); ++k)
      stride *= shape[k];
    for (int64_t i : shownAlong(shape[axis]))
      if (i >= 0)
        collect(axis + 1, offset + i * stride, values);
  }
};

/// _formatArray with str()'s arguments: separator ' ', the hanging indent
/// " " standing for the opening bracket, 75 columns.
template <typename Format> class Writer {
public:
  Writer(const Layout &layout, const Format &format) : layout(layout), format(format) {}

  std::string write(size_t axis, int64_t offset, const std::string &hanging,
                    size_t width) const {
    const Shape &shape = layout.array.shape();
    if (axis == shape.size())
      return format(layout.array.at(offset));
    int64_t stride = 1;
    for (size_t k = axis + 1; k < shape.size(); ++k)
      stride *= shape[k];
    std::vector<int64_t> shown = layout.shownAlong(shape[axis]);
    std::string nextHanging = hanging + " ";
    size_t nextWidth = width - 1; // room for the ']'
    auto element = [&](int64_t i) {
      return i < 0 ? std::string("...")
                   : write(axis + 1, offset + i * stride, nextHanging, nextWidth);
    };
    std::string text;
    if (axis + 1 == shape.size()) {
      size_t elementWidth = width - 1;
      std::string line = hanging;
      for (size_t k = 0; k < shown.size(); ++k) {
        std::string word = element(shown[k]);
        // _extendLine: wrap unless the line holds only the indent.
        if (line.size() + word.size() > elementWidth && line.size() > hanging.size()) {
          size_t end = line.find_last_not_of(' ');
          text += line.substr(0, end == std::string::npos ? 0 : end + 1) + "\n";
          line = hanging;
        }
        line += word;
        if (k + 1 < shown.size())
          line += " ";
      }
      text += line;
    } else {
      std::string lineSeparator(shape.size() - axis - 1, '\n');
      for (size_t k = 0; k < shown.size(); ++k)
        text += hanging + element(shown[k]) + (k + 1 < shown.size() ? lineSeparator : "");
    }
    return "[" + text.substr(hanging.size()) + "]";
  }

private:
  const Layout &layout;
  const Format &format;
};

template <typename Format>
std::string writeArray(const Layout &layout, const Format &format) {
  return Writer<Format>(layout, format).write(0, 0, " ", kLineWidth);
}

} // namespace

std::string numpyScalarStr(double value, DType dtype) {
  if (dtype == DType::Bool)
    return value != 0 ? "True" : "False";
  if (!isFloat(dtype)) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value));
    return buffer;
  }
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value < 0 ? "-inf" : "inf";
  double magnitude = std::fabs(value);
  if (value == 0 || (magnitude < 1e16 && magnitude >= 1e-4)) {
    std::string text = positional(value, dtype, 17); // unique, trim='0': "1.0"
    if (text.back() == '.')
      text += '0';
    return text;
  }
  // Scientific, unique, trim='-': "1e-05", "1.5e+20".
  std::string text = scientific(value, dtype, 17);
  size_t e = text.find('e');
  std::string mantissa = text.substr(0, e);
  if (mantissa.back() == '.')
    mantissa.pop_back();
  return mantissa + text.substr(e);
}

std::string shapeTuple(const Shape &shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

std::string numpyStr(const Array &array) {
  if (array.rank() == 0)
    return numpyScalarStr(array.at(0), array.dtype());
  if (array.size() == 0)
    return "[]";
  Layout layout{array, array.size() > kThreshold};
  std::vector<double> shown;
  layout.collect(0, 0, shown);
  if (isFloat(array.dtype()))
    return writeArray(layout, FloatFormat(shown, array.dtype()));
  if (array.dtype() == DType::Bool) // BoolFormat: ' True' beside 'False'
    return writeArray(layout, [](double v) { return std::string(v != 0 ? " True" : "False"); });
  size_t width = 0;
  for (double v : shown)
    width = std::max(width, std::to_string(static_cast<long long>(v)).size());
  return writeArray(layout, [width](double v) {
    return padLeft(std::to_string(static_cast<long long>(v)), width);
  });
}

} // namespace theta
