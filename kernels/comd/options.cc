#include "options.h"

#include <map>

namespace comd {

bool translate_short_flags(int argc, char** argv, std::vector<std::string>& out, std::string& error) {
  static const std::map<std::string, std::string> kValued = {
      {"-x", "nx"},      {"-y", "ny"},     {"-z", "nz"},   {"-i", "xproc"}, {"-j", "yproc"},
      {"-k", "zproc"},   {"-N", "steps"},  {"-n", "print-rate"}, {"-D", "dt"}, {"-l", "lat"},
      {"-T", "temp"},    {"-r", "delta"},  {"-d", "pot-dir"}, {"-p", "pot-name"}, {"-t", "pot-type"}};
  out.assign(1, argv[0]);
  bool eam = false;
  std::string pot_type;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) == 0 || a.size() < 2 || a[0] != '-') {
      out.push_back(a);
      continue;
    }
    if (a == "-e") {
      eam = true;
      continue;
    }
    const auto it = kValued.find(a);
    if (it == kValued.end()) return error = "unknown CoMD flag '" + a + "'", false;
    if (i + 1 >= argc) return error = "CoMD flag " + a + " needs a value", false;
    if (it->second == "pot-type") {
      pot_type = argv[++i];
      if (pot_type != "funcfl" && pot_type != "setfl")
        return error = "-t wants funcfl or setfl, got '" + pot_type + "'", false;
      continue;
    }
    out.push_back("--" + it->second);
    out.push_back(argv[++i]);
  }
  if (eam) {  // CoMD ignores -t without -e, and so do we
    out.push_back("--potential");
    out.push_back(pot_type == "setfl" ? "eam-setfl" : "eam-funcfl");
  }
  return true;
}

}  // namespace comd
