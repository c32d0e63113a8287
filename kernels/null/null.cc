// vcb-null: the null kernel. It times an empty operation, so running it through a launcher measures
// what the launcher itself costs (the hyperfine idea), and its --mode flag lets the harness' tests
// produce every way a kernel can go wrong: crash, hang, failed validation, bad exit after a record.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>

#include "vcb/kernel.h"

int main(int argc, char** argv) {
  vcb::Kernel k("null", argc, argv);
  const std::string mode = k.option("mode", "ok");
  const long long records = k.param_int("records", 1);
  k.begin();
  if (mode == "crash") std::abort();
  if (mode == "hang") for (;;) pause();
  if (mode == "silent") return 0;
  for (long long i = 0; i < records; ++i) {
    const std::string point = records > 1 ? std::to_string(i) : "";
    const vcb::Series s = vcb::time_gbench(k.plan(), point, [](benchmark::State& st) {
      for (auto _ : st) benchmark::ClobberMemory();
    });
    const bool ok = mode != "invalid";
    k.emit({.point = point, .params = records > 1 ? nlohmann::json{{"part", i}} : nlohmann::json::object(),
            .metric = "latency", .unit = "ns", .better = vcb::Better::lower, .series = s, .values = s.per_op(1e9),
            .passed = ok && s.ok(), .validation = ok ? "nothing to check" : "asked to fail validation"});
  }
  if (mode == "exit") return 3;
  return k.finish();
}
