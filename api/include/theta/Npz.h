//===- theta/Npz.h - NumPy .npz parameter files ---------------------------===//
//
// Saves and loads shared variables as NumPy .npz archives, so parameters move
// between Theta and Python (np.savez / np.load):
//
//   save_npz("model.npz", {w, b});   // model.npz holds w.npy and b.npy
//   load_npz("model.npz", {w, b});   // all of them or none of them
//
// Archives are uncompressed zips of NPY 1.0 files (what np.savez writes);
// float32, float64, int32, int64 and bool arrays are supported.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_NPZ_H
#define THETA_API_NPZ_H

#include "runtime/Array.h"
#include "theta/Variable.h"

#include <map>
#include <string>
#include <vector>

namespace theta {

/// Every array in the archive, keyed by entry name without ".npy".
/// Throws IOError for a missing, corrupt, compressed or unsupported file.
std::map<std::string, Array> read_npz(const std::string &path);

/// Writes one NAME.npy entry per array. The file appears only when complete
/// (written to `path + ".tmp"`, then renamed). Throws IOError on failure.
void write_npz(const std::string &path, const std::map<std::string, Array> &arrays);

/// Saves each variable's value under its name; names must be non-empty and
/// distinct (ArgumentError).
void save_npz(const std::string &path, const std::vector<SharedVariable> &variables);

/// Sets each variable from the entry with its name. Every variable is checked
/// before any is set, so a failed load changes nothing: IOError for a bad file
/// or a missing entry, ShapeError/TypeError when an entry's shape/dtype differ
/// from the variable's current value.
void load_npz(const std::string &path, const std::vector<SharedVariable> &variables);

} // namespace theta

#endif // THETA_API_NPZ_H
