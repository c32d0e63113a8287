#include "closure.h"

#include <glob.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/subprocess.h"

namespace vcb::appliance {
namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)", "\t/lib64/ld-linux-x86-64.so.2 (0x...)",
// "\tlibfoo.so => not found", "\tlinux-vdso.so.1 (0x...)" (no file: the kernel maps it).
void parse_dependency_line(const std::string& body, std::vector<std::string>& libs,
                           std::vector<std::string>& missing) {
  const size_t arrow = body.find(" => ");
  std::string where = arrow == std::string::npos ? body : body.substr(arrow + 4);
  if (where.rfind("not found", 0) == 0) {
    missing.push_back(trim(body.substr(0, arrow)));
    return;
  }
  const size_t paren = where.find(" (");
  if (paren != std::string::npos) where = where.substr(0, paren);
  where = trim(where);
  if (!where.empty() && where[0] == '/') libs.push_back(where);
}

}  // namespace

LddReport parse_ldd(const std::string& output, const std::vector<std::string>& files) {
  LddReport report;
  std::string current = files.size() == 1 ? files[0] : "";
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] != '\t' && line[0] != ' ' && line.back() == ':') {
      current = line.substr(0, line.size() - 1);
      continue;
    }
    if (current.empty()) continue;
    parse_dependency_line(trim(line), report.libraries[current], report.missing[current]);
  }
  std::erase_if(report.missing, [](const auto& kv) { return kv.second.empty(); });
  return report;
}

Result<LddReport> run_ldd(const std::vector<std::string>& files) {
  if (files.empty()) return LddReport{};
  const std::string ldd = find_program("ldd");
  if (ldd.empty()) return Error{"appliance: ldd not found; install it with: apt-get install -y libc-bin", 1};
  std::vector<std::string> argv{ldd};
  argv.insert(argv.end(), files.begin(), files.end());
  ProcessOptions options;
  options.timeout_s = 60;
  options.env = {"LC_ALL=C"};  // "not found" must not be translated
  const ProcessResult r = run_process(argv, options);
  // ldd exits 1 when any file is not dynamic (it says so on stderr); only no answer is a failure.
  const bool answered =
      r.started && !r.timed_out && r.signal == 0 &&
      (r.exit_code == 0 || !r.out.empty() || r.err_tail.find("not a dynamic") != std::string::npos);
  if (!answered) return Error{"appliance: ldd failed: " + (r.error.empty() ? trim(r.err_tail) : r.error), 1};
  return parse_ldd(r.out, files);
}

bool is_elf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

Result<std::vector<RuntimeRule>> parse_runtime_manifest(const std::string& text) {
  std::vector<RuntimeRule> rules;
  std::string needs;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const size_t hash = line.find('#');
    line = trim(hash == std::string::npos ? line : line.substr(0, hash));
    if (line.empty()) continue;
    const std::string where = "runtime-files.txt:" + std::to_string(number) + ": ";
    if (line.front() == '[') {
      if (line == "[always]") {
        needs.clear();
      } else if (line.rfind("[needs ", 0) == 0 && line.back() == ']' && line.size() > 8) {
        needs = trim(line.substr(7, line.size() - 8));
      } else {
        return Error{"appliance: " + where + "unknown section " + line + " (use [needs LIB] or [always])", 1};
      }
      continue;
    }
    if (line[0] != '/') return Error{"appliance: " + where + "patterns are absolute host paths: " + line, 1};
    rules.push_back({line, needs});
  }
  return rules;
}

std::vector<std::string> expand_runtime_rules(const std::vector<RuntimeRule>& rules,
                                              const std::set<std::string>& library_names) {
  std::vector<std::string> paths;
  for (const RuntimeRule& rule : rules) {
    if (!rule.needs.empty() && !library_names.contains(rule.needs)) continue;
    glob_t g{};
    if (glob(rule.pattern.c_str(), 0, nullptr, &g) == 0)
      for (size_t i = 0; i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
    globfree(&g);
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace vcb::appliance
