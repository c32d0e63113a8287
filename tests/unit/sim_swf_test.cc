// The SWF reader: header comments, unknown (-1) fields, floating-point times, and bad lines that
// stop the run with FILE:LINE (the kernel turns them into exit code 2).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/simulator.h"
#include "trace/swf_reader.h"

namespace vcb::sim {
namespace {

std::string write_trace(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "vcb-sim-swf-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

// Every job the reader yields, or the first error's message.
std::vector<Job> read_all(const std::string& path, std::string& error) {
  std::vector<Job> jobs;
  auto reader = SwfReader::open(path);
  if (!reader) {
    error = reader.error().message;
    return jobs;
  }
  while (true) {
    auto job = (*reader)->next();
    if (!job) {
      error = job.error().message;
      break;
    }
    if (!*job) break;
    jobs.push_back(**job);
  }
  return jobs;
}

constexpr const char* header = "; Version: 2.2\n; MaxProcs: 8\n;\n";

TEST(SimSwf, ReadsJobsAndSkipsComments) {
  const std::string path = write_trace("good.swf", std::string(header) +
                                                       "1 0 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1\n"
                                                       "\n"
                                                       "  ; a comment in the middle\n"
                                                       "2 10.4 0 59.6 -1 -1 -1 2 -1 -1 1 1 1 1 1 1 -1 -1\n");
  std::string error;
  const auto jobs = read_all(path, error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].size, 4);
  EXPECT_EQ(jobs[0].runtime, 100);
  EXPECT_EQ(jobs[0].estimate, 300);
  EXPECT_EQ(jobs[0].line, 4);
  EXPECT_EQ(jobs[1].submit, 10);  // whole seconds
  EXPECT_EQ(jobs[1].runtime, 60);
  EXPECT_EQ(jobs[1].size, 2);       // allocated unknown: the request
  EXPECT_EQ(jobs[1].estimate, 60);  // requested time unknown: the run time
  EXPECT_EQ(jobs[1].line, 7);
}

TEST(SimSwf, SkipsJobsThatNeverRanAndCountsThem) {
  const std::string path = write_trace("cancelled.swf",
                                       "1 0 -1 -1 4 -1 -1 4 300 -1 5 1 1 1 1 1 -1 -1\n"
                                       "2 5 0 30 2 -1 -1 2 60 -1 1 1 1 1 1 1 -1 -1\n");
  auto reader = SwfReader::open(path);
  ASSERT_TRUE(reader.ok());
  auto first = (*reader)->next();
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->id, 2);
  EXPECT_EQ((*reader)->skips().no_runtime, 1);
}

struct BadLine {
  const char* name;
  const char* line;
  const char* says;
};

class SimSwfBad : public ::testing::TestWithParam<BadLine> {};

// The bad line is line 5 (after the 3 header lines and one good job): the message names it.
TEST_P(SimSwfBad, StopsWithFileAndLine) {
  const BadLine& bad = GetParam();
  const std::string path =
      write_trace(std::string(bad.name) + ".swf",
                  std::string(header) + "1 20 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1\n" + bad.line +
                      "\n"
                      "3 50 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1\n");
  std::string error;
  const auto jobs = read_all(path, error);
  EXPECT_EQ(jobs.size(), 1u);
  EXPECT_NE(error.find(path + ":5: "), std::string::npos) << error;
  EXPECT_NE(error.find(bad.says), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Lines, SimSwfBad,
    ::testing::Values(
        BadLine{"short", "2 10 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1", "expected 18 fields, found 17"},
        BadLine{"long", "2 10 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1 7", "found 19"},
        BadLine{"word", "2 10 5 abc 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1", "field 4 is 'abc'"},
        BadLine{"negative", "2 10 5 100 -4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1", "negative size -4"},
        BadLine{"nosize", "2 10 5 100 -1 -1 -1 -1 300 -1 1 1 1 1 1 1 -1 -1", "no size"},
        BadLine{"fraction", "2 10 5 100 2.5 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1", "not whole"},
        BadLine{"negrun", "2 10 5 -7 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1", "negative run time"},
        BadLine{"negsubmit", "2 -5 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1", "negative submit time"},
        BadLine{"unsorted", "2 10 5 100 4 -1 -1 4 300 -1 1 1 1 1 1 1 -1 -1", "is before the previous"}),
    [](const auto& info) { return std::string(info.param.name); });

// The error surfaces through the simulation too, after the jobs before it were simulated.
TEST(SimSwf, SimulationStopsAtTheBadLine) {
  std::string text;
  for (int i = 1; i <= 1000; ++i)
    text += std::to_string(i) + " " + std::to_string(i * 10) + " 0 30 2 -1 -1 2 60 -1 1 1 1 1 1 1 -1 -1\n";
  text += "1001 10010 0 30 -3 -1 -1 2 60 -1 1 1 1 1 1 1 -1 -1\n";
  const std::string path = write_trace("late.swf", text);
  auto reader = SwfReader::open(path);
  ASSERT_TRUE(reader.ok());
  EmptySource none;
  Policy p;
  p.kind = PolicyKind::batch;
  const auto outcome = simulate(p, **reader, none);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().exit_code, 2);
  EXPECT_NE(outcome.error().message.find(path + ":1001: negative size -3"), std::string::npos)
      << outcome.error().message;
}

TEST(SimSwf, MissingFileIsAnError) {
  auto reader = SwfReader::open("/nonexistent/trace.swf");
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.error().message.find("cannot open trace /nonexistent/trace.swf"), std::string::npos);
}

}  // namespace
}  // namespace vcb::sim
