// Crash safety: a torn last line and a measurement with missing parts are dropped on --resume.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "run/run_folder.h"

namespace {

std::string fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("vcb-folder-test-" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

nlohmann::json record(const std::string& key, int part, int parts) {
  return {{"run", {{"measurement", key}, {"part", part}, {"parts", parts}}}, {"metric", {{"value", 1}}}};
}

TEST(RunFolder, CreateRefusesAFolderThatHoldsARun) {
  const auto dir = fresh_dir("twice");
  auto f = vcb::RunFolder::create(dir);
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->write_manifest({{"id", "x"}}));
  auto again = vcb::RunFolder::create(dir);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("--resume"), std::string::npos);
}

TEST(RunFolder, CreateReportsAnUnwritableFolder) {
  auto f = vcb::RunFolder::create("/proc/vcbench-cannot-exist/run");
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("cannot write"), std::string::npos);
}

TEST(RunFolder, ReopenDropsTornAndIncompleteMeasurements) {
  const auto dir = fresh_dir("repair");
  auto f = vcb::RunFolder::create(dir);
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->write_manifest({{"id", "x"}}));
  ASSERT_TRUE(f->append({record("a", 1, 1)}));
  ASSERT_TRUE(f->append({record("b", 1, 2), record("b", 2, 2)}));
  ASSERT_TRUE(f->append({record("c", 1, 3)}));  // the run died after the first of three parts
  std::ofstream(f->records_path(), std::ios::app) << "{\"run\": {\"measurement\": \"d\", \"pa";  // torn line
  auto again = vcb::RunFolder::reopen(dir);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->completed(), (std::set<std::string>{"a", "b"}));
  auto records = vcb::read_records(dir);
  ASSERT_TRUE(records);
  EXPECT_EQ(records->size(), 3u);
  std::ifstream in(f->records_path());
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().back(), '\n');
}

TEST(RunFolder, ReopenNeedsARun) {
  auto f = vcb::RunFolder::reopen(fresh_dir("empty"));
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("no run.json"), std::string::npos);
}

}  // namespace
