#include "cli/list.h"

#include <cstdio>
#include <set>

#include "launcher.h"
#include "suite/suite.h"

namespace vcb {
namespace {

void list_suites_text() {
  for (const auto& s : list_suites()) std::printf("%-14s %s\n", s.name.c_str(), s.description.c_str());
}

void list_benchmarks_text() {
  for (const auto& info : list_suites()) {
    auto suite = load_suite(info.file, false);
    if (!suite) continue;
    std::set<std::string> seen;
    for (const auto& i : suite->instances)
      if (seen.insert(i.benchmark).second) std::printf("%-14s %s\n", info.name.c_str(), i.benchmark.c_str());
  }
}

void list_envs_text() {
  for (const auto& e : known_environments()) {
    std::string error;
    auto l = make_launcher(e.name, LaunchContext{}, error);
    const Probe p = l->quick_probe();
    std::printf("%-18s %-12s %s\n", e.name.c_str(), p.ok ? "available" : "unavailable", e.description.c_str());
    if (!p.ok) std::printf("%-18s %-12s fix: %s\n", "", "", p.fix.c_str());
  }
}

}  // namespace

int list_command(const std::string& what) {
  if (what == "suites" || what.empty()) {
    if (what.empty()) std::printf("suites:\n");
    list_suites_text();
  }
  if (what == "benchmarks" || what.empty()) {
    if (what.empty()) std::printf("\nbenchmarks:\n");
    list_benchmarks_text();
  }
  if (what == "envs" || what.empty()) {
    if (what.empty()) std::printf("\nenvironments:\n");
    list_envs_text();
  }
  return 0;
}

}  // namespace vcb
