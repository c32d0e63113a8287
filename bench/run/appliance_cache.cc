#include "run/appliance_cache.h"

#include "appliance/appliance.h"

namespace vcb {

// Rebuilt for every run: it takes a fraction of a second, and a cache keyed on the programs alone
// would miss a changed host library or runtime manifest.
Result<ApplianceRef> current_appliance(const std::string& program_dir) {
  auto built = appliance::build(program_dir, program_dir + "/../appliance");
  if (!built) return Error{"cannot build the appliance: " + built.error().message, 1};
  return ApplianceRef{built->dir, built->digest};
}

}  // namespace vcb
