// The report's feature table (features/run_features.h): built from a results folder and its
// neighbours only, every cell filled or explained, and written by `vcbench report` as features.json.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "features/run_features.h"
#include "report/report.h"
#include "run/run_folder.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const char* const columns[] = {"guest_os", "startup", "isolation", "checkpoint_restore", "live_migration", "snapshot"};

json environment(const std::string& name) {
  const std::string kind = name.substr(0, name.find('/'));
  json e = {{"name", name}, {"kind", kind}, {"accel", kind == "kvm" ? json("tcg") : json(nullptr)}};
  if (kind == "docker") e.update({{"network", "none"}, {"seccomp_profile", "engine default"}, {"startup_s", 0.4}});
  if (kind == "kvm")
    e.update({{"guest_kernel", "/boot/vmlinuz-6.1.0-test"}, {"startup_s", 9.5},
              {"qemu_command", "qemu-system-x86_64 -name vcb-x -machine q35 -sandbox on -device virtio-serial,id=s"}});
  return e;
}

json record(const std::string& env, const std::string& suite, const std::string& name, const json& params,
            const std::string& metric, double value, bool passed = true, const std::string& reason = "") {
  json r = {{"run", {{"id", "r"}}},
            {"benchmark", {{"suite", suite}, {"name", name}, {"params", params}}},
            {"metric", {{"name", metric}, {"value", passed ? json(value) : json(nullptr)}, {"unit", "ms"}, {"better", "lower"}}},
            {"environment", environment(env)},
            {"context", {{"seccomp", env == "native" ? 0 : 2}, {"capabilities", env == "native" ? "000001ffffffffff" : "00000000a80425fb"}}},
            {"validation", {{"passed", passed}, {"detail", reason}}}};
  if (!reason.empty()) r["detail"] = {{"reason", reason}};
  return r;
}

void write_run(const fs::path& dir, const std::string& suite, const std::vector<std::string>& envs,
               const std::vector<json>& records, const std::string& started) {
  fs::create_directories(dir);
  json details = json::object();
  for (const auto& e : envs) details[e] = environment(e);
  std::ofstream(dir / "run.json") << json{{"schema", "vcbench/run/1"}, {"id", dir.filename().string()}, {"suite", suite},
                                          {"baseline", envs.front()}, {"environments", envs}, {"environment_details", details},
                                          {"started", started}, {"finished", started},
                                          {"host", {{"name", "node1"}, {"kernel", "6.18.0-host"}}},
                                          {"appliance", {{"digest", "sha256:abc"}}}}.dump();
  std::ofstream out(dir / "records.jsonl");
  for (const auto& r : records) out << r.dump() << "\n";
}

// results/runs/{this, migration, checkpoint}: this run measured micro and startup on native, docker
// and kvm/naive; the migration run has kvm/naive, the checkpoint run only CRIU's failure.
class RunFeatures : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / "vcb-run-features-test";
    fs::remove_all(root);
    std::vector<json> mine;
    for (const std::string env : {"native", "docker", "kvm/naive"})
      for (int rep = 0; rep < 5; ++rep) {
        mine.push_back(record(env, "micro", "lat_syscall", {{"op", "null"}}, "latency", 0.1 + rep * 0.01));
        if (env != "kvm/naive")
          mine.push_back(record(env, "startup", "startup", {{"launch", "fresh"}}, "to_exit", startup_ms(env, rep)));
      }
    write_run(root / "this", "micro+startup", {"native", "docker", "kvm/naive"}, mine, "2026-11-25T05:00:00Z");
    std::vector<json> migration;
    for (int rep = 0; rep < 5; ++rep) {
      migration.push_back(record("kvm/naive", "migration", "migration", {{"memory_mb", 128}}, "downtime", 40.0 + rep));
      migration.push_back(record("kvm/naive", "migration", "migration", {{"memory_mb", 128}}, "total_time", 900.0 + rep));
    }
    write_run(root / "migration", "migration", {"kvm/naive"}, migration, "2026-11-25T04:00:00Z");
    write_run(root / "checkpoint", "checkpoint", {"docker"},
              {record("docker", "checkpoint", "checkpoint", json::object(), "dump_time", 0, false,
                      "criu check fails: vdso: Unexpected rt vDSO area bounds")},
              "2026-11-25T03:00:00Z");
    dir = (root / "this").string();
    std::ifstream in(dir + "/run.json");
    manifest = json::parse(in);
    records = *vcb::read_records(dir);
    report = *vcb::build_report(manifest, records, "");
    table = vcb::features_of_run(dir, manifest, records, report);
  }
  void TearDown() override { fs::remove_all(root); }

  static double startup_ms(const std::string& env, int rep) { return (env == "native" ? 1.0 : 300.0) + rep; }
  const json& cell(const std::string& env, const std::string& key) const {
    for (const auto& row : table["rows"])
      if (row["environment"] == env) return row["cells"][key];
    throw std::runtime_error("no row " + env);
  }

  fs::path root;
  std::string dir;
  json manifest, report, table;
  std::vector<json> records;
};

TEST_F(RunFeatures, EveryCellOfEveryEnvironmentIsFilledOrExplained) {
  ASSERT_EQ(table["rows"].size(), 3u);
  EXPECT_EQ(table["from"], "run");
  for (const auto& row : table["rows"])
    for (const char* key : columns) {
      const auto& c = row["cells"][key];
      EXPECT_TRUE(!c["value"].is_null() || !c.value("reason", "").empty()) << row["environment"] << " " << key;
    }
}

TEST_F(RunFeatures, StartupComesFromThisRunsOwnRows) {
  const auto& docker = cell("docker", "startup");
  EXPECT_DOUBLE_EQ(docker["value"].get<double>(), 302.0);  // median of 300..304
  EXPECT_EQ(docker["n"], 5);
  EXPECT_NE(docker["text"].get<std::string>().find("this run"), std::string::npos);
  const auto& kvm = cell("kvm/naive", "startup");  // no startup rows: the guest's boot at the run's start
  EXPECT_DOUBLE_EQ(kvm["value"].get<double>(), 9500.0);
  EXPECT_EQ(kvm["metric"], "boot");
}

TEST_F(RunFeatures, GuestKernelAndIsolationComeFromTheDescriptions) {
  EXPECT_EQ(cell("docker", "guest_os")["kernel_release"], "6.18.0-host");
  EXPECT_EQ(cell("docker", "guest_os")["shares_host_kernel"], true);
  EXPECT_EQ(cell("kvm/naive", "guest_os")["kernel_release"], "6.1.0-test");
  EXPECT_EQ(cell("kvm/naive", "guest_os")["shares_host_kernel"], false);
  const std::string kvm = cell("kvm/naive", "isolation")["text"];
  EXPECT_NE(kvm.find("-sandbox on"), std::string::npos);
  EXPECT_NE(kvm.find("q35"), std::string::npos);
  EXPECT_EQ(cell("docker", "isolation")["seccomp"], 2);
  EXPECT_EQ(cell("docker", "isolation")["capability_count"], 14);
}

TEST_F(RunFeatures, NeighbouringRunsFillMigrationAndExplainCheckpoint) {
  const auto& migration = cell("kvm/naive", "live_migration");
  EXPECT_DOUBLE_EQ(migration["value"].get<double>(), 42.0);
  EXPECT_EQ(migration["source"], fs::weakly_canonical(root / "migration").string());
  const std::string docker = cell("docker", "checkpoint_restore")["reason"];
  EXPECT_NE(docker.find("vDSO"), std::string::npos);
  EXPECT_EQ(table["sources"]["checkpoint"], fs::weakly_canonical(root / "checkpoint").string());
  // A "micro+startup" run counts as a startup run: here the newest is this run itself.
  EXPECT_EQ(table["sources"]["startup"], fs::weakly_canonical(root / "this").string());
}

TEST_F(RunFeatures, ReportPrintsTheTableAndWritesItsJson) {
  ::testing::internal::CaptureStdout();
  ASSERT_EQ(vcb::report_command(dir, "", "markdown"), 0);
  const std::string markdown = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(markdown.find("## Features of these environments"), std::string::npos);
  EXPECT_NE(markdown.find("| kvm/naive | own kernel 6.1.0-test"), std::string::npos);
  std::ifstream in(dir + "/features.json");
  const auto written = json::parse(in);
  EXPECT_EQ(written["rows"], table["rows"]);
  ::testing::internal::CaptureStdout();
  ASSERT_EQ(vcb::report_command(dir, "", "json"), 0);
  EXPECT_EQ(json::parse(::testing::internal::GetCapturedStdout())["features"]["rows"], table["rows"]);
  ::testing::internal::CaptureStdout();
  ASSERT_EQ(vcb::report_command(dir, "", "csv"), 0);
  const std::string csv = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(csv.find("guest_os"), std::string::npos);  // stdout stays one CSV table
  EXPECT_TRUE(fs::exists(dir + "/features.csv"));
}

}  // namespace
