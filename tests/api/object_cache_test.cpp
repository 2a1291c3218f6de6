// The disk cache of compiled objects (runtime/ObjectCache): entries carry and
// check their key, only regular files are read and never block, the
// directory stays under its size cap, an entry the JIT refuses is rebuilt,
// and the theta-cache tool lists, measures and clears it.
#include <theta/theta.h>

#include "runtime/Logging.h"
#include "runtime/ObjectCache.h"

#include "tests/support/LogCapture.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

using namespace theta;
using theta_test::LogCapture;
namespace fs = std::filesystem;

namespace {

/// A fresh, empty directory for one test.
fs::path freshDirectory(const std::string &name) {
  fs::path dir = fs::path(testing::TempDir()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Whether cache.load(key) returns nothing within 5 s. The load runs on a
/// detached thread (with its own copies), so a load that blocks fails the
/// test instead of hanging it.
bool missesPromptly(const ObjectCache &cache, const std::string &key) {
  auto result = std::make_shared<std::promise<bool>>();
  std::future<bool> future = result->get_future();
  std::thread([cache, key, result] { result->set_value(cache.load(key) == nullptr); }).detach();
  if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    ADD_FAILURE() << "load of " << cache.pathFor(key) << " did not return within 5 s";
    return false;
  }
  return future.get();
}

std::string readFile(const fs::path &path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void age(const fs::path &path, std::chrono::seconds by) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - by);
}

TEST(ObjectCache, StoresAndLoads) {
  fs::path dir = freshDirectory("cache-roundtrip");
  ObjectCache cache(dir.string());
  std::string key = ObjectCache::keyFor("a");
  EXPECT_EQ(cache.load(key), nullptr);
  EXPECT_EQ(cache.verify(key), "is absent");
  cache.store(key, "object bytes");
  auto object = cache.load(key);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->getBuffer(), "object bytes");
  EXPECT_EQ(cache.verify(key), "");
}

TEST(ObjectCache, AnEntryCopiedUnderAnotherKeyIsAMiss) {
  fs::path dir = freshDirectory("cache-key-check");
  ObjectCache cache(dir.string());
  std::string a = ObjectCache::keyFor("a"), b = ObjectCache::keyFor("b");
  cache.store(a, "the code of a");
  fs::copy_file(cache.pathFor(a), cache.pathFor(b));
  EXPECT_EQ(cache.load(b), nullptr);
  EXPECT_NE(cache.verify(b).find("another key"), std::string::npos) << cache.verify(b);
  ASSERT_NE(cache.load(a), nullptr);
  // The fresh compile's store overwrites the wrong entry.
  cache.store(b, "the code of b");
  auto object = cache.load(b);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(object->getBuffer(), "the code of b");
}

TEST(ObjectCache, AFifoAtAnEntryIsAMissAndIsReplacedByAStore) {
  fs::path dir = freshDirectory("cache-fifo");
  ObjectCache cache(dir.string());
  std::string key = ObjectCache::keyFor("fifo");
  ASSERT_EQ(::mkfifo(cache.pathFor(key).c_str(), 0600), 0);
  EXPECT_TRUE(missesPromptly(cache, key));
  cache.store(key, "object");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(cache.pathFor(key))));
  ASSERT_NE(cache.load(key), nullptr);
}

TEST(ObjectCache, ASymlinkToDevZeroIsAMissAndIsNotFollowedByAStore) {
  fs::path dir = freshDirectory("cache-symlink");
  ObjectCache cache(dir.string());
  std::string key = ObjectCache::keyFor("symlink");
  fs::create_symlink("/dev/zero", cache.pathFor(key));
  EXPECT_TRUE(missesPromptly(cache, key));
  EXPECT_EQ(cache.verify(key), "is a symbolic link");
  // A symlink to a regular entry is refused too: what it points at was
  // never checked to be this cache's.
  std::string other = ObjectCache::keyFor("other");
  cache.store(other, "object");
  fs::path link = dir / (ObjectCache::keyFor("link") + ".o");
  fs::create_symlink(cache.pathFor(other), link);
  EXPECT_TRUE(missesPromptly(cache, ObjectCache::keyFor("link")));
  // A store replaces the link itself.
  cache.store(key, "object");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(cache.pathFor(key))));
  ASSERT_NE(cache.load(key), nullptr);
}

TEST(ObjectCache, AnEntryOverTheSizeLimitIsNotRead) {
  fs::path dir = freshDirectory("cache-huge");
  ObjectCache cache(dir.string());
  std::string key = ObjectCache::keyFor("huge");
  cache.store(key, "object");
  // Sparse: no disk space is used, and the load must not read it.
  fs::resize_file(cache.pathFor(key), ObjectCache::kMaxEntryBytes + (1 << 20));
  EXPECT_TRUE(missesPromptly(cache, key));
  EXPECT_NE(cache.verify(key).find("limit"), std::string::npos) << cache.verify(key);
}

TEST(ObjectCache, EvictsTheLeastRecentlyUsedEntriesOverTheCap) {
  fs::path dir = freshDirectory("cache-evict");
  const std::string payload(1000, 'x');
  ObjectCache probe(dir.string(), 0);
  const std::string probeKey = ObjectCache::keyFor("probe");
  probe.store(probeKey, payload);
  const uint64_t entryBytes = fs::file_size(probe.pathFor(probeKey));
  probe.remove(probeKey);

  // Room for three entries, not four.
  const uint64_t cap = entryBytes * 7 / 2;
  ObjectCache cache(dir.string(), cap);
  std::vector<std::string> keys;
  for (int i = 0; i < 5; ++i)
    keys.push_back(ObjectCache::keyFor("entry " + std::to_string(i)));
  for (int i = 0; i < 3; ++i) {
    cache.store(keys[i], payload);
    age(cache.pathFor(keys[i]), std::chrono::seconds(300 - 100 * i));
  }
  EXPECT_EQ(cache.entries().size(), 3u);
  EXPECT_EQ(cache.entries().front().key, keys[0]);
  // A load makes keys[0] the most recently used, so keys[1] goes first.
  ASSERT_NE(cache.load(keys[0]), nullptr);
  cache.store(keys[3], payload);
  EXPECT_FALSE(fs::exists(cache.pathFor(keys[1])));
  EXPECT_TRUE(fs::exists(cache.pathFor(keys[0])));
  EXPECT_LE(cache.totalBytes(), cap);
  cache.store(keys[4], payload);
  EXPECT_FALSE(fs::exists(cache.pathFor(keys[2])));
  for (int i : {0, 3, 4})
    EXPECT_TRUE(fs::exists(cache.pathFor(keys[i]))) << i;
  EXPECT_EQ(cache.entries().size(), 3u);
  EXPECT_LE(cache.totalBytes(), cap);
}

TEST(ObjectCache, TheCapComesFromTheEnvironment) {
  ::setenv("THETA_CACHE_MAX_BYTES", "12345", 1);
  EXPECT_EQ(ObjectCache::defaultMaxBytes(), 12345u);
  ::setenv("THETA_CACHE_MAX_BYTES", "lots", 1);
  EXPECT_EQ(ObjectCache::defaultMaxBytes(), uint64_t(1) << 30);
  ::unsetenv("THETA_CACHE_MAX_BYTES");
  EXPECT_EQ(ObjectCache::defaultMaxBytes(), uint64_t(1) << 30);
}

TEST(ObjectCache, ClearRemovesEntriesAndTemporariesOnly) {
  fs::path dir = freshDirectory("cache-clear");
  ObjectCache cache(dir.string());
  cache.store(ObjectCache::keyFor("a"), "a");
  cache.store(ObjectCache::keyFor("b"), "b");
  std::ofstream(dir / (ObjectCache::keyFor("c") + ".o.tmp1a2b3c4d")) << "partial";
  std::ofstream(dir / "notes.txt") << "not the cache's";
  EXPECT_EQ(cache.clear(), 3u);
  EXPECT_TRUE(cache.entries().empty());
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}


TEST(ObjectCache, AnObjectTheJitRefusesIsRebuilt) {
  fs::path dir = freshDirectory("cache-garbage");
  config().cache_dir = dir.string();
  LogCapture logged;
  Variable a = dvector("a");
  auto build = [&] { return function({a}, tanh(a) * 3.0); };
  Array x = Array::fromVector<double>({0.5, -1});
  auto check = [&](Function f) {
    Array r = f(x)[0];
    EXPECT_NEAR(r.at(0), 3 * std::tanh(0.5), 1e-12);
    EXPECT_NEAR(r.at(1), 3 * std::tanh(-1.0), 1e-12);
  };
  check(build());
  ObjectCache cache(dir.string());
  std::vector<ObjectCache::Entry> entries = cache.entries();
  ASSERT_EQ(entries.size(), 1u);
  const std::string key = entries[0].key;
  const std::string good = readFile(entries[0].path);

  // Garbage in a well-formed entry: the header and checksum verify.
  cache.store(key, "this is not an object file");
  ASSERT_NE(cache.load(key), nullptr);
  logged.take();
  check(build());
  std::string messages = logged.take();
  EXPECT_NE(messages.find("warning: "), std::string::npos) << messages;
  EXPECT_NE(messages.find("cannot be loaded"), std::string::npos) << messages;
  EXPECT_EQ(messages.find("(disk cache)"), std::string::npos) << messages;
  // Rewritten with the real object, which the next Function loads.
  EXPECT_EQ(readFile(cache.pathFor(key)), good);
  check(build());
  messages = logged.take();
  EXPECT_NE(messages.find("(disk cache)"), std::string::npos) << messages;
  EXPECT_EQ(messages.find("warning: "), std::string::npos) << messages;
  config().cache_dir = "";
}

/// Runs theta-cache with `arguments`; returns its output and sets `status`.
std::string runTool(const std::string &arguments, int &status) {
  const char *root = std::getenv("TEST_SRCDIR");
  const char *workspace = std::getenv("TEST_WORKSPACE");
  std::string tool = std::string(root ? root : ".") + "/" + (workspace ? workspace : "theta") +
                     "/tools/theta-cache";
  std::FILE *pipe = ::popen((tool + " " + arguments + " 2>&1").c_str(), "r");
  if (!pipe) {
    status = -1;
    return "";
  }
  std::string output;
  char buffer[4096];
  while (size_t got = std::fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, got);
  int raw = ::pclose(pipe);
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return output;
}

TEST(ThetaCacheTool, ListsMeasuresAndClears) {
  fs::path dir = freshDirectory("cache-tool");
  ObjectCache cache(dir.string());
  std::string a = ObjectCache::keyFor("a"), b = ObjectCache::keyFor("b");
  cache.store(a, std::string(100, 'a'));
  fs::copy_file(cache.pathFor(a), cache.pathFor(b)); // damaged: a's header
  const uint64_t bytes = fs::file_size(cache.pathFor(a));
  std::ofstream(cache.pathFor(a) + ".tmp00000000") << "partial";
  const std::string dirFlag = "--dir " + dir.string();
  int status = 0;

  std::string list = runTool(dirFlag + " list", status);
  EXPECT_EQ(status, 0) << list;
  // Each line: key, bytes, age (seconds here), state.
  auto lineOf = [&](const std::string &key) {
    size_t start = list.find(key + " ");
    return start == std::string::npos ? "" : list.substr(start, list.find('\n', start) - start);
  };
  EXPECT_EQ(lineOf(a).rfind(a + " " + std::to_string(bytes) + " ", 0), 0u) << list;
  EXPECT_NE(lineOf(a).find("s ok"), std::string::npos) << list;
  EXPECT_NE(lineOf(b).find("s damaged: holds the entry of another key"), std::string::npos) << list;
  EXPECT_EQ(std::count(list.begin(), list.end(), '\n'), 2) << list;

  std::string verify = runTool(dirFlag + " verify", status);
  EXPECT_EQ(status, 1) << verify;
  EXPECT_NE(verify.find(cache.pathFor(b)), std::string::npos) << verify;
  EXPECT_EQ(verify.find(cache.pathFor(a) + " "), std::string::npos) << verify;

  std::string du = runTool("--dir=" + dir.string() + " du", status);
  EXPECT_EQ(status, 0) << du;
  EXPECT_EQ(du, "2 entries, " + std::to_string(2 * bytes) + " bytes in " + dir.string() + "\n");

  std::string clear = runTool(dirFlag + " clear", status);
  EXPECT_EQ(status, 0) << clear;
  EXPECT_EQ(clear, "removed 3 files from " + dir.string() + "\n");
  EXPECT_TRUE(fs::is_empty(dir));
  EXPECT_EQ(runTool(dirFlag + " du", status), "0 entries, 0 bytes in " + dir.string() + "\n");

  // THETA_CACHE_DIR is the default directory.
  cache.store(a, "a");
  ::setenv("THETA_CACHE_DIR", dir.string().c_str(), 1);
  EXPECT_EQ(runTool("du", status).rfind("1 entry, ", 0), 0u);
  ::setenv("THETA_CACHE_DIR", "", 1);

  std::string usage = runTool(dirFlag + " frobnicate", status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(usage.find("usage: theta-cache"), std::string::npos) << usage;
  runTool("", status);
  EXPECT_EQ(status, 2);
}

} // namespace
