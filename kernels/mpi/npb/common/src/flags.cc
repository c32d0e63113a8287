#include "vcb/npb/flags.h"

#include <cmath>
#include <cstdlib>

namespace vcb::npb {

Flags read_flags(Kernel& k, const mpi::World& w) {
  Flags f{k.param("class", "S"), k.option("perturb", "0")};
  mpi::check_ranks(k, w);
  k.begin();
  return f;
}

bool perturb_switch(const Kernel& k, const std::string& text) {
  if (text != "0" && text != "1") k.usage_error("--perturb wants 0 or 1, got '" + text + "'");
  return text == "1";
}

double perturb_relative(const Kernel& k, const std::string& text, const char* example) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
    k.usage_error(std::string("--perturb wants a relative change such as ") + example + ", got '" + text +
                  "'");
  return v;
}

}  // namespace vcb::npb
