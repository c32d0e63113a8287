#include "vcb/npb/record.h"

#include <cstdio>
#include <utility>

#include "vcb/mpi_world.h"

namespace vcb::npb {

void emit_mops(Kernel& k, const Outcome& o, nlohmann::json detail, const std::string& validation,
               const nlohmann::json& params) {
  detail["time_s"] = o.seconds;
  // Records bypass stdio, so the report printed before must leave the buffer first to stay
  // above its record.
  std::fflush(stdout);
  k.emit({.params = params,
          .metric = "mops",
          .unit = "Mop/s",
          .better = Better::higher,
          .series = mpi::single_run(k.plan(), o.seconds),
          .values = {o.mops},
          .detail = std::move(detail),
          .passed = o.passed,
          .validation = validation});
}

}  // namespace vcb::npb
