#pragma once
// The one record an NPB run emits (rank 0 only): Mop/s, higher is better, measured over one
// timed interval, with the kernel's verification as its validation.
#include <string>

#include "vcb/kernel.h"
#include "vcb/npb/outcome.h"

namespace vcb::npb {

// `detail` gets the run's time_s added; `params` are the kernel's record-only parameters.
void emit_mops(Kernel& k, const Outcome& o, nlohmann::json detail, const std::string& validation,
               const nlohmann::json& params = nlohmann::json::object());

}  // namespace vcb::npb
