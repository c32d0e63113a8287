#pragma once
// The appliance of the current build (rebuilt for every run, in well under a second). Every
// record carries its digest, so two environments are compared only when they ran the same bits.
#include <string>

#include "util/result.h"

namespace vcb {

struct ApplianceRef {
  std::string dir;     // <build>/appliance
  std::string digest;  // "sha256:…"
};

Result<ApplianceRef> current_appliance(const std::string& program_dir);

}  // namespace vcb
