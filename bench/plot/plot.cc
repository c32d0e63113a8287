#include "plot/plot.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/subprocess.h"
#include "report/report.h"
#include "run/run_folder.h"
#include "vcb/build_info.h"

namespace vcb {
namespace {

std::string plots_folder() {
  if (const char* env = std::getenv("VCBENCH_PLOTS")) return env;
  return std::string(build_info::source_dir) + "/plots";
}

}  // namespace

int plot_command(const std::string& dir, const std::string& out_dir) {
  std::ifstream in(dir + "/run.json");
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (!in || manifest.is_discarded()) {
    std::fprintf(stderr, "vcbench: %s/run.json is missing or not JSON; give a folder written by vcbench run\n", dir.c_str());
    return 2;
  }
  auto records = read_records(dir);
  if (!records) { std::fprintf(stderr, "vcbench: %s\n", records.error().message.c_str()); return 2; }
  auto report = build_report(manifest, *records, "");
  if (!report) { std::fprintf(stderr, "vcbench: %s\n", report.error().message.c_str()); return 2; }
  std::ofstream(dir + "/report.json") << report->dump(2) << "\n";
  const std::string out = out_dir.empty() ? dir + "/plots" : out_dir;
  ProcessOptions o;
  o.timeout_s = 600;
  const auto r = run_process({"/usr/bin/python3", plots_folder() + "/plot.py", dir, "--out", out}, o);
  std::fputs(r.out.c_str(), stdout);
  if (!r.started || r.exit_code != 0) {
    std::fputs(r.err_tail.c_str(), stderr);
    if (!r.started) std::fprintf(stderr, "vcbench: cannot run /usr/bin/python3; fix: apt-get install python3-matplotlib python3-pandas\n");
    return r.exit_code == 2 ? 2 : 1;
  }
  return 0;
}

}  // namespace vcb
