// Suite files: grids expand to instances, quick settings override, bad files name their line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "suite/suite.h"

namespace {

std::string write_suite(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "vcb-suite-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / (name + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

constexpr const char* grid = R"(
name = "g"
[defaults]
samples = 11
target_ms = 20
[quick]
samples = 5
[[benchmark]]
name = "lat_ctx"
params = { procs = [2, 8], size-kb = [0, 16] }
target_ms = 30
quick = { target_ms = 4, params = { procs = [2] } }
[[benchmark]]
name = "lat_syscall"
program = "vcb-other"
params = { op = "null" }
uses_dir = true
)";

TEST(Suite, GridExpandsInOrder) {
  auto s = vcb::load_suite(write_suite("grid", grid), false);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->instances.size(), 5u);
  EXPECT_EQ(s->instances[0].key(), "lat_ctx procs=2 size-kb=0");
  EXPECT_EQ(s->instances[3].key(), "lat_ctx procs=8 size-kb=16");
  EXPECT_EQ(s->instances[0].program, "vcb-lat_ctx");
  EXPECT_EQ(s->instances[0].target_ms, 30);
  EXPECT_EQ(s->instances[0].samples, 11);
  EXPECT_EQ(s->instances[4].program, "vcb-other");
  EXPECT_TRUE(s->instances[4].uses_dir);
}

TEST(Suite, QuickOverridesSettingsAndAxes) {
  auto s = vcb::load_suite(write_suite("grid", grid), true);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->instances.size(), 3u);
  EXPECT_EQ(s->instances[0].samples, 5);
  EXPECT_EQ(s->instances[0].target_ms, 4);
  EXPECT_EQ(s->instances[2].target_ms, 20);
}

TEST(Suite, MalformedTomlNamesItsLine) {
  auto s = vcb::load_suite(write_suite("bad", "name = \"x\"\n\n[[benchmark]\nname = 1\n"), false);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("bad.toml:3"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().exit_code, 2);
}

TEST(Suite, UnknownSuiteListsTheKnownOnes) {
  auto s = vcb::load_suite("no-such-suite", false);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("unknown suite 'no-such-suite'"), std::string::npos);
  EXPECT_NE(s.error().message.find("micro"), std::string::npos);
}

TEST(Suite, BenchmarkWithoutNameIsAnError) {
  auto s = vcb::load_suite(write_suite("noname", "[[benchmark]]\nparams = { a = 1 }\n"), false);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("needs name"), std::string::npos);
}

TEST(Suite, TheShippedSuitesLoad) {
  for (const auto& info : vcb::list_suites()) {
    for (bool quick : {false, true}) {
      auto s = vcb::load_suite(info.file, quick);
      ASSERT_TRUE(s) << info.file << ": " << s.error().message;
      EXPECT_FALSE(s->instances.empty());
    }
  }
}

}  // namespace

namespace {

TEST(Suite, RepsDefaultToFiveAndTheSuiteCanSayOtherwise) {
  auto five = vcb::load_suite(write_suite("reps5", "[[benchmark]]\nname = \"null\"\n"), false);
  ASSERT_TRUE(five);
  EXPECT_EQ(five->reps, 5);
  auto one = vcb::load_suite(write_suite("reps1", "[defaults]\nreps = 1\n[quick]\nreps = 2\n[[benchmark]]\nname = \"null\"\n"), false);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->reps, 1);
  EXPECT_EQ(vcb::load_suite(write_suite("reps1", "[defaults]\nreps = 1\n[quick]\nreps = 2\n[[benchmark]]\nname = \"null\"\n"), true)->reps, 2);
}

}  // namespace
