// .npz parameter files: round trips, all-or-nothing loads, error messages,
// and files exchanged with NumPy itself (skipped where python3-numpy is absent).
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

using namespace theta;
using theta_test::errorOf;
using theta_test::values;

namespace {

std::string tempPath(const std::string &name) {
  const char *dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

bool exists(const std::string &path) { return std::ifstream(path).good(); }

std::string readFile(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

bool hasNumPy() { return std::system("python3 -c 'import numpy' >/dev/null 2>&1") == 0; }

/// Runs a python3 program; returns what it printed, failing the test on an error.
std::string python(const std::string &program) {
  std::string script = tempPath("npz_test_script.py");
  writeFile(script, program);
  std::string output;
  FILE *pipe = popen(("python3 " + script + " 2>&1").c_str(), "r");
  char chunk[256];
  while (pipe && std::fgets(chunk, sizeof chunk, pipe))
    output += chunk;
  EXPECT_EQ(pipe ? pclose(pipe) : -1, 0) << output;
  return output;
}

#define SKIP_WITHOUT_NUMPY()                                                                    \
  if (!hasNumPy())                                                                              \
  GTEST_SKIP() << "python3 with numpy is not installed (apt-get install python3-numpy); "      \
                  "skipping the NumPy cross-check"

} // namespace

TEST(Npz, SharedVariablesRoundTrip) {
  std::string path = tempPath("round_trip.npz");
  SharedVariable w = shared(Array::fromVector<float>({0.5f, -1.25f, 3, 4, 5, 6}, {2, 3}), "w");
  SharedVariable s = shared(Array(2.5), "s");
  SharedVariable n = shared(Array::fromVector<int64_t>({1, -2, 3, int64_t(1) << 53}), "n");
  SharedVariable e = shared(Array::zeros(DType::Float32, {2, 0, 3}), "e");
  SharedVariable t = shared(theta_test::randomArray({2, 3, 4}), "t");
  std::vector<SharedVariable> all = {w, s, n, e, t};
  std::vector<Array> before;
  for (SharedVariable &v : all)
    before.push_back(v.get_value());

  save_npz(path, all);
  EXPECT_FALSE(exists(path + ".tmp"));
  for (SharedVariable &v : all)
    v.set_value(Array::zeros(v.dtype(), v.get_value().shape()));
  load_npz(path, all);
  for (size_t i = 0; i < all.size(); ++i) {
    Array after = all[i].get_value();
    EXPECT_EQ(after.dtype(), before[i].dtype()) << all[i].name();
    EXPECT_EQ(after.shape(), before[i].shape()) << all[i].name();
    EXPECT_EQ(values(after), values(before[i])) << all[i].name();
  }
  EXPECT_EQ(n.get_value().toVector<int64_t>()[3], int64_t(1) << 53);
}

TEST(Npz, ArraysRoundTripInEveryDtypeWithAlignedNpyHeaders) {
  std::string path = tempPath("arrays.npz");
  std::map<std::string, Array> arrays = {
      {"f", Array::fromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3})},
      {"d", Array::fromVector<double>({0.1})},
      {"i", Array::fromVector<int32_t>({-7, 8})},
      {"l", Array::full(DType::Int64, {}, -3)},
      {"b", Array::fromVector<bool>({true, false, true})}};
  write_npz(path, arrays);
  std::map<std::string, Array> back = read_npz(path);
  ASSERT_EQ(back.size(), arrays.size());
  for (const auto &[name, array] : arrays) {
    EXPECT_EQ(back.at(name).dtype(), array.dtype()) << name;
    EXPECT_EQ(back.at(name).shape(), array.shape()) << name;
    EXPECT_EQ(values(back.at(name)), values(array)) << name;
  }

  // Uncompressed zip; the NPY 1.0 header as NumPy writes it, data 64-byte aligned.
  std::string bytes = readFile(path);
  EXPECT_EQ(bytes.compare(0, 4, "PK\x03\x04"), 0);
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  size_t at = bytes.find(header);
  ASSERT_NE(at, std::string::npos);
  size_t npyStart = bytes.rfind("\x93NUMPY\x01", at);
  size_t dataStart = bytes.find('\n', at) + 1;
  EXPECT_EQ((dataStart - npyStart) % 64, 0u);
  float first;
  std::memcpy(&first, bytes.data() + dataStart, 4);
  EXPECT_EQ(first, 1.0f);
}

TEST(Npz, SaveNeedsDistinctNonEmptyNames) {
  std::string path = tempPath("names.npz");
  SharedVariable a = shared(Array(1.0), "a"), unnamed = shared(Array(1.0)),
                 alsoA = shared(Array(2.0), "a");
  EXPECT_NE(errorOf<ArgumentError>([&] { save_npz(path, {a, unnamed}); }).find("needs a name"),
            std::string::npos);
  EXPECT_NE(errorOf<ArgumentError>([&] { save_npz(path, {a, alsoA}); })
                .find("two shared variables are named 'a'"),
            std::string::npos);
  EXPECT_FALSE(exists(path));
}

TEST(Npz, FailedSaveLeavesNoFile) {
  std::string path = tempPath("no_such_dir/out.npz");
  std::string message = errorOf<IOError>([&] { save_npz(path, {shared(Array(1.0), "x")}); });
  EXPECT_NE(message.find("no_such_dir/out.npz.tmp"), std::string::npos) << message;
  EXPECT_FALSE(exists(path));
}

TEST(Npz, MissingFileNamesThePath) {
  std::string path = tempPath("missing.npz");
  std::string message = errorOf<IOError>([&] { load_npz(path, {shared(Array(1.0), "x")}); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST(Npz, MissingEntryListsTheEntriesPresent) {
  std::string path = tempPath("entries.npz");
  write_npz(path, {{"w", Array(1.0)}, {"b", Array(2.0)}});
  std::string message = errorOf<IOError>([&] { load_npz(path, {shared(Array(1.0), "v")}); });
  EXPECT_NE(message.find("variable 'v' has no entry"), std::string::npos) << message;
  EXPECT_NE(message.find("'b', 'w'"), std::string::npos) << message;
}

TEST(Npz, ShapeOrDtypeMismatchNamesBoth) {
  std::string path = tempPath("mismatch.npz");
  write_npz(path, {{"w", Array::zeros(DType::Float32, {3, 2})}});
  SharedVariable wrongShape = shared(Array::zeros(DType::Float32, {2, 3}), "w");
  std::string message = errorOf<ShapeError>([&] { load_npz(path, {wrongShape}); });
  EXPECT_NE(message.find("variable 'w'"), std::string::npos) << message;
  EXPECT_NE(message.find("the file has shape (3, 2) and dtype float32"), std::string::npos)
      << message;
  EXPECT_NE(message.find("the variable has shape (2, 3) and dtype float32"), std::string::npos)
      << message;

  SharedVariable wrongDtype = shared(Array::zeros(DType::Float64, {3, 2}), "w");
  message = errorOf<TypeError>([&] { load_npz(path, {wrongDtype}); });
  EXPECT_NE(message.find("the file has shape (3, 2) and dtype float32"), std::string::npos)
      << message;
  EXPECT_NE(message.find("the variable has shape (3, 2) and dtype float64"), std::string::npos)
      << message;
}

TEST(Npz, FailedLoadChangesNoVariable) {
  std::string path = tempPath("partial.npz");
  write_npz(path, {{"a", Array::full(DType::Float32, {2}, 7)},
                   {"b", Array::full(DType::Float32, {3}, 7)},
                   {"c", Array::full(DType::Float32, {2}, 7)}});
  SharedVariable a = shared(Array::full(DType::Float32, {2}, 1), "a");
  SharedVariable b = shared(Array::full(DType::Float32, {4}, 1), "b"); // wrong shape
  SharedVariable c = shared(Array::full(DType::Float32, {2}, 1), "c");
  EXPECT_THROW(load_npz(path, {a, b, c}), ShapeError);
  EXPECT_EQ(values(a.get_value()), (std::vector<double>{1, 1}));
  EXPECT_EQ(values(b.get_value()), (std::vector<double>{1, 1, 1, 1}));
  EXPECT_EQ(values(c.get_value()), (std::vector<double>{1, 1}));
}

TEST(Npz, CorruptArchivesAreReported) {
  std::string path = tempPath("corrupt.npz");
  writeFile(path, "this is not a zip file at all");
  std::string message = errorOf<IOError>([&] { read_npz(path); });
  EXPECT_NE(message.find("corrupt or not a .npz archive"), std::string::npos) << message;
  EXPECT_NE(message.find(path), std::string::npos) << message;

  write_npz(path, {{"w", Array::fromVector<double>({1, 2, 3, 4})}});
  std::string good = readFile(path);
  writeFile(path, good.substr(0, good.size() / 2) + good.substr(good.size() - 22));
  message = errorOf<IOError>([&] { read_npz(path); });
  EXPECT_NE(message.find("corrupt or not a .npz archive"), std::string::npos) << message;

  std::string flipped = good;
  flipped[flipped.find('\n', flipped.find("{'descr'")) + 1] ^= 1; // the first data byte
  writeFile(path, flipped);
  message = errorOf<IOError>([&] { read_npz(path); });
  EXPECT_NE(message.find("entry 'w.npy'"), std::string::npos) << message;
  EXPECT_NE(message.find("CRC-32 mismatch"), std::string::npos) << message;
}

TEST(Npz, NumPyReadsOurFiles) {
  SKIP_WITHOUT_NUMPY();
  std::string path = tempPath("for_numpy.npz");
  write_npz(path, {{"w", Array::fromVector<float>({0.5f, -1.25f, 3, 4.75f, 0, 100}, {2, 3})},
                   {"s", Array(2.5)},
                   {"n", Array::fromVector<int64_t>({1, -2, (int64_t(1) << 53) + 1})},
                   {"b", Array::fromVector<bool>({true, false})}});
  std::string output = python("import numpy as np\n"
                              "d = np.load('" + path + "')\n"
                              "for k in sorted(d.files):\n"
                              "    a = d[k]\n"
                              "    print(k, a.dtype, a.shape, a.ravel().tolist())\n");
  EXPECT_EQ(output, "b bool (2,) [True, False]\n"
                    "n int64 (3,) [1, -2, 9007199254740993]\n"
                    "s float64 () [2.5]\n"
                    "w float32 (2, 3) [0.5, -1.25, 3.0, 4.75, 0.0, 100.0]\n");
}

TEST(Npz, WeReadNumPyFiles) {
  SKIP_WITHOUT_NUMPY();
  std::string path = tempPath("from_numpy.npz"), zipped = tempPath("compressed.npz");
  python("import numpy as np\n"
         "t = np.arange(6, dtype=np.float32).reshape(2, 3).T  # Fortran order\n"
         "np.savez('" + path + "', t=t, i=np.array([5, -6], dtype=np.int32), b=np.array(True))\n"
         "np.savez_compressed('" + zipped + "', t=t)\n");
  std::map<std::string, Array> arrays = read_npz(path);
  ASSERT_EQ(arrays.size(), 3u);
  EXPECT_EQ(arrays.at("t").shape(), (Shape{3, 2}));
  EXPECT_EQ(values(arrays.at("t")), (std::vector<double>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(arrays.at("i").dtype(), DType::Int32);
  EXPECT_EQ(values(arrays.at("i")), (std::vector<double>{5, -6}));
  EXPECT_EQ(arrays.at("b").dtype(), DType::Bool);
  EXPECT_EQ(arrays.at("b").shape(), Shape{});
  EXPECT_EQ(values(arrays.at("b")), std::vector<double>{1});

  std::string message = errorOf<IOError>([&] { read_npz(zipped); });
  EXPECT_NE(message.find("use np.savez"), std::string::npos) << message;
  EXPECT_NE(message.find("not np.savez_compressed"), std::string::npos) << message;
}
