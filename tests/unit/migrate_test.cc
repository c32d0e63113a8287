// The live-migration kernel's pure parts: query-migrate answers into figures, the QMP arguments,
// the counter word of HMP xp, the workload's progress and its longest pause, and the plans (guest
// specs per profile, the destination's command, the namespaces of tcp-netns).
#include <gtest/gtest.h>

#include <algorithm>

#include "dirty_workload.h"
#include "migrate_plan.h"
#include "migration_figures.h"
#include "timeline.h"

namespace vcb::migrate {
namespace {

// A completed answer as QEMU 7.2 gives it (trimmed).
const char* completed = R"({"status": "completed", "setup-time": 3, "downtime": 43, "total-time": 1702,
  "ram": {"total": 537403392, "transferred": 90412345, "remaining": 0, "dirty-pages-rate": 1234,
          "mbps": 430.5, "dirty-sync-count": 4, "postcopy-requests": 0, "postcopy-bytes": 0}})";

TEST(QueryMigrate, CompletedBecomesFigures) {
  const auto f = parse_query_migrate(nlohmann::json::parse(completed));
  EXPECT_EQ(f.status, "completed");
  EXPECT_DOUBLE_EQ(f.total_time_ms, 1702);
  EXPECT_DOUBLE_EQ(f.downtime_ms, 43);
  EXPECT_DOUBLE_EQ(f.setup_time_ms, 3);
  EXPECT_DOUBLE_EQ(f.transferred_mb, 90.412345);  // MB = 10^6 bytes
  EXPECT_DOUBLE_EQ(f.dirty_pages_rate, 1234);
  EXPECT_EQ(f.rounds, 4);
  EXPECT_EQ(f.expected_downtime_ms, -1);  // only while active
  EXPECT_TRUE(is_final(f.status));
  EXPECT_TRUE(runs_on_destination(f.status));
}

TEST(QueryMigrate, ActiveAndFailedAndEmpty) {
  auto f = parse_query_migrate(nlohmann::json::parse(
      R"({"status": "active", "expected-downtime": 900, "ram": {"remaining": 64000000, "dirty-pages-rate": 8000}})"));
  EXPECT_FALSE(is_final(f.status));
  EXPECT_FALSE(runs_on_destination(f.status));
  EXPECT_DOUBLE_EQ(f.remaining_mb, 64);
  EXPECT_EQ(f.downtime_ms, -1);
  const auto j = failure_figures(f);
  EXPECT_EQ(j["status"], "active");
  EXPECT_DOUBLE_EQ(j["remaining_mb"].get<double>(), 64);
  EXPECT_TRUE(j["error_desc"].is_null());
  f = parse_query_migrate(nlohmann::json::parse(R"({"status": "failed", "error-desc": "Unable to write"})"));
  EXPECT_TRUE(is_final(f.status));
  EXPECT_EQ(f.error_desc, "Unable to write");
  EXPECT_TRUE(runs_on_destination("postcopy-active"));
  EXPECT_EQ(parse_query_migrate(nullptr).status, "");
}

TEST(QmpArguments, CapabilitiesAndParameters) {
  const auto src = capabilities_arguments(true, false)["capabilities"];
  ASSERT_EQ(src.size(), 1u);
  EXPECT_EQ(src[0]["capability"], "postcopy-ram");
  EXPECT_EQ(src[0]["state"], true);
  EXPECT_EQ(capabilities_arguments(true, true)["capabilities"].size(), 2u);  // + postcopy-blocktime
  EXPECT_EQ(capabilities_arguments(false, true)["capabilities"][0]["state"], false);
  const auto p = parameters_arguments(64, 300);
  EXPECT_EQ(p["max-bandwidth"], 64000000);
  EXPECT_EQ(p["downtime-limit"], 300);
  EXPECT_EQ(parameters_arguments(0, 300)["max-bandwidth"], unlimited_bandwidth_bytes);
}

TEST(Xp, ParsesTheWordAndBuildsTheCommand) {
  unsigned long long v = 0;
  EXPECT_TRUE(parse_xp_word("0000000001234000: 0x00000000000003e8\r\n", v));
  EXPECT_EQ(v, 1000u);
  EXPECT_FALSE(parse_xp_word("Cannot access memory\r\n", v));
  EXPECT_EQ(xp_command(0x1234000), "xp /1gx 0x1234000");
}

TEST(Workload, PagesPerTick) {
  EXPECT_DOUBLE_EQ(pages_per_tick(0), 1);  // idle: the counter still ticks
  EXPECT_NEAR(pages_per_tick(32) * ticks_per_s * page_bytes, 32e6, 1);
}

std::vector<Sample> steady(double from_s, double to_s, double pages_s, uint64_t& counter) {
  std::vector<Sample> s;
  for (double t = from_s; t < to_s - 1e-9; t += 0.1) {
    s.push_back({t, counter});
    counter += static_cast<uint64_t>(pages_s * 0.1);
  }
  return s;
}

TEST(Timeline, APauseShowsAsTheLongestGap) {
  uint64_t c = 0;
  auto samples = steady(10.0, 12.0, 1000, c);  // 100 pages per 100 ms
  // The guest stops for 0.35 s: three samples see no progress, then it goes on.
  const uint64_t frozen = c;
  for (double t : {12.0, 12.1, 12.2, 12.3}) samples.push_back({t, frozen});
  samples.push_back({12.4, frozen + 50});  // half an interval of work: 0.05 s of it lost
  c = frozen + 150;  // back at full speed from 12.4 on
  for (auto& s : steady(12.5, 13.5, 1000, c)) samples.push_back(s);
  const Progress p = summarize(samples, 2.0);
  EXPECT_NEAR(p.reference_pages_s, 1000, 1e-6);
  EXPECT_NEAR(p.longest_pause_ms, 350, 1);  // three frozen intervals and half of the next
  EXPECT_EQ(p.t_s.size(), samples.size() - 1);
  EXPECT_NEAR(p.t_s.front(), 0.1, 1e-9);  // relative to the first sample
  EXPECT_NEAR(p.mb_s.front(), 1000 * 4096 / 1e6, 1e-9);
  const auto j = timeline_json(samples, p, 2.0, 2.4);
  EXPECT_EQ(j["t_s"].size(), j["mb_s"].size());
  EXPECT_EQ(j["migration_start_s"], 2.0);
  EXPECT_EQ(j["migration_end_s"], 2.4);
}

TEST(Timeline, ShortPauseInsideOneInterval) {
  EXPECT_NEAR(lost_ms(0.1, 60, 1000), 40, 1e-9);  // 60 pages took 60 ms of 100
  EXPECT_EQ(lost_ms(0.1, 120, 1000), 0);           // faster than the reference: nothing lost
  EXPECT_NEAR(lost_ms(0.2, 0, 0), 200, 1e-9);      // no reference: no progress is all lost
  EXPECT_EQ(lost_ms(0.2, 5, 0), 0);
}

TEST(Timeline, TooFewSamples) {
  EXPECT_EQ(summarize({}, 0).longest_pause_ms, 0);
  EXPECT_EQ(summarize({{1.0, 5}}, 0).t_s.size(), 0u);
}

HostFacts host() {
  HostFacts h;
  h.accel = "tcg";
  h.kernel = "/boot/vmlinuz";
  h.cpus = {0, 1};
  h.numa_nodes = {{0, {0, 1}}};
  return h;
}

bool has(const std::vector<std::string>& a, const std::string& s) { return std::find(a.begin(), a.end(), s) != a.end(); }

TEST(Plan, GuestSpecsFollowTheProfile) {
  MigrateOptions o;
  o.memory_mb = 512;
  const auto naive = guest_spec(o, host(), "/tmp/d", "src", "/tmp/d/i.cpio", 42);
  EXPECT_EQ(naive.name, "vcb-migrate-src-h42");
  EXPECT_EQ(naive.memory_mb, 512);
  EXPECT_EQ(naive.vcpus, 1);
  EXPECT_EQ(naive.qmp_socket, "/tmp/d/qmp-src.sock");
  EXPECT_TRUE(naive.numa.empty());
  EXPECT_TRUE(guest_pinning(o, host()).vcpu_cpus.empty());
  o.profile = "tuned";
  const auto tuned = guest_spec(o, host(), "/tmp/d", "dst", "/tmp/d/i.cpio", 42);
  ASSERT_EQ(tuned.numa.size(), 1u);
  EXPECT_EQ(tuned.numa[0].memory_mb, 512);
  const auto pins = guest_pinning(o, host());
  EXPECT_EQ(pins.vcpu_cpus, std::vector<int>{0});
  EXPECT_EQ(pins.emulator_cpus, std::vector<int>{1});
  EXPECT_EQ(working_set_mb(o), 128);
  o.working_set_mb = 16;
  EXPECT_EQ(working_set_mb(o), 16);
}

TEST(Plan, DestinationIsTheSameCommandWaitingForIncoming) {
  MigrateOptions o;
  const auto spec = guest_spec(o, host(), "/tmp/d", "dst", "/tmp/d/i.cpio", 7);
  auto argv = destination_command(spec);
  ASSERT_GE(argv.size(), 2u);
  EXPECT_EQ(argv[argv.size() - 2], "-incoming");
  EXPECT_EQ(argv.back(), "defer");
  argv.resize(argv.size() - 2);
  EXPECT_EQ(argv, qemu_command(spec));
  const auto wrapped = in_netns("vcbm-7-d", qemu_command(spec));
  EXPECT_EQ(std::vector<std::string>(wrapped.begin(), wrapped.begin() + 4),
            (std::vector<std::string>{"ip", "netns", "exec", "vcbm-7-d"}));
}

TEST(Plan, NamespacesAreOursAndShort) {
  const auto p = netns_plan(4194304);  // the largest pid Linux hands out
  EXPECT_LE(p.source_if.size(), 15u);
  EXPECT_LE(p.destination_if.size(), 15u);
  EXPECT_EQ(netns_owner(p.source_ns), 4194304);
  EXPECT_EQ(netns_owner(p.destination_ns), 4194304);
  EXPECT_EQ(netns_owner("vcbm-12"), 0);
  EXPECT_EQ(netns_owner("other-12-s"), 0);
  EXPECT_EQ(p.source_ip.substr(0, 6), "10.79.");
  bool veth_made_inside = false, host_touched = false;
  for (const auto& c : netns_setup_commands(p)) {
    if (has(c, "veth")) veth_made_inside = has(c, "-n") && has(c, p.destination_ns);
    host_touched = host_touched || (c[1] != "netns" && c[1] != "-n");
  }
  EXPECT_TRUE(veth_made_inside);
  EXPECT_FALSE(host_touched);  // nothing is configured in the host's own namespace
  EXPECT_EQ(netns_teardown_commands(p).size(), 2u);
  MigrateOptions o;
  EXPECT_EQ(migration_uri(o, "/tmp/d", p), "unix:/tmp/d/migrate.sock");
  o.transport = "tcp-netns";
  EXPECT_EQ(migration_uri(o, "/tmp/d", p), "tcp:" + p.destination_ip + ":4444");
}

}  // namespace
}  // namespace vcb::migrate
