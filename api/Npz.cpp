//===- Npz.cpp - NumPy .npz parameter files -------------------------------===//
//
// A .npz is a zip of .npy files. We write STORED (uncompressed) entries and
// read them back through the central directory, which holds the real sizes
// even where np.savez marks local headers ZIP64 with placeholder sizes.
//
//===----------------------------------------------------------------------===//
#include "theta/Npz.h"

#include "runtime/Logging.h"
#include "runtime/Npy.h"
#include "runtime/Zip.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <new>
#include <set>

namespace theta {
namespace {

void checkNames(const char *function, const std::vector<SharedVariable> &variables) {
  std::set<std::string> seen;
  for (const SharedVariable &v : variables) {
    if (!v)
      throw ArgumentError(std::string(function) + ": a null shared variable");
    if (v.name().empty())
      throw ArgumentError(std::string(function) +
                          ": every shared variable needs a name (its entry name in the file); "
                          "give one with shared(value, \"name\")");
    if (!seen.insert(v.name()).second)
      throw ArgumentError(std::string(function) + ": two shared variables are named '" +
                          v.name() + "'; entry names in the file must be distinct");
  }
}

/// Rethrows the exception being handled as a theta::Error naming the file:
/// theta's own errors already do, except an array's MemoryError; a failure
/// of the C++ library (a stream's ios_base::failure, bad_alloc) becomes an
/// IOError, or a MemoryError for memory.
[[noreturn]] void rethrowNaming(const std::string &context) {
  try {
    throw;
  } catch (const MemoryError &e) {
    throw MemoryError(context + ": " + e.what());
  } catch (const Error &) {
    throw;
  } catch (const std::bad_alloc &) {
    throw MemoryError(context + ": out of memory");
  } catch (const std::exception &e) {
    throw IOError(context + ": " + e.what());
  }
}

std::string describe(const Array &array) {
  return std::string("shape ") + shapeString(array.shape()) + " and dtype " +
         dtypeName(array.dtype());
}

} // namespace

std::map<std::string, Array> read_npz(const std::string &path) try {
  std::string context = "npz file '" + path + "'"; // load_npz's errors come from here too
  std::map<std::string, Array> arrays;
  for (ZipMember &member : readZip(readWholeFile(path, context), context, ".npz archive")) {
    // np.load names arrays by entry name without ".npy"; so do we.
    std::string key = member.name;
    if (key.size() > 4 && key.compare(key.size() - 4, 4, ".npy") == 0)
      key.resize(key.size() - 4);
    std::string entryContext = context + ", entry '" + member.name + "'";
    if (!arrays.emplace(key, parseNpy(member.bytes, entryContext)).second)
      throw IOError(entryContext + ": corrupt or not a .npz archive: duplicate entry");
  }
  return arrays;
} catch (...) {
  rethrowNaming("npz file '" + path + "'");
}

void write_npz(const std::string &path, const std::map<std::string, Array> &arrays) try {
  std::string context = "write_npz('" + path + "')";
  std::vector<ZipMember> members;
  for (const auto &[key, array] : arrays) {
    if (key.empty() || key.size() + 4 > 0xFFFF)
      throw ArgumentError(context + ": an array has an empty or overlong name '" + key + "'");
    members.push_back({key + ".npy", npyBytes(array.toHost())});
  }
  writeFileAtomically(path, writeZip(members, context), context);
  log().debug("write_npz: {} arrays to '{}'", arrays.size(), path);
} catch (...) {
  rethrowNaming("write_npz('" + path + "')");
}

void save_npz(const std::string &path, const std::vector<SharedVariable> &variables) {
  checkNames("save_npz", variables);
  std::map<std::string, Array> arrays;
  for (const SharedVariable &v : variables)
    arrays.emplace(v.name(), v.get_value());
  write_npz(path, arrays);
}

void load_npz(const std::string &path, const std::vector<SharedVariable> &variables) {
  checkNames("load_npz", variables);
  std::map<std::string, Array> arrays = read_npz(path);
  std::string context = "load_npz('" + path + "'): variable '";
  // Check every variable before setting any, so a failed load changes nothing.
  for (const SharedVariable &v : variables) {
    auto it = arrays.find(v.name());
    if (it == arrays.end()) {
      std::string present;
      for (const auto &entry : arrays)
        present += (present.empty() ? "'" : ", '") + entry.first + "'";
      throw IOError(context + v.name() + "' has no entry in the file; it holds " +
                    (present.empty() ? "no arrays" : present));
    }
    Array current = v.get_value();
    const Array &stored = it->second;
    if (stored.dtype() != current.dtype() || stored.shape() != current.shape()) {
      std::string message = context + v.name() + "': the file has " + describe(stored) +
                            ", the variable has " + describe(current);
      if (stored.dtype() != current.dtype())
        throw TypeError(message);
      throw ShapeError(message);
    }
  }
  for (const SharedVariable &v : variables) {
    SharedVariable target = v; // set_value is not const
    target.set_value(arrays.at(v.name()));
  }
  log().debug("load_npz: {} variables from '{}'", variables.size(), path);
}

} // namespace theta
