#pragma once
// The two network namespaces of a tcp-netns migration, alive as long as this object: created by
// create(), deleted by the destructor (also when the measurement fails or is interrupted). A run
// killed outright leaves them behind; the next run removes those of dead pids first.
#include <string>

#include "migrate_plan.h"

namespace vcb::migrate {

class NetnsPair {
 public:
  explicit NetnsPair(int pid) : plan_(netns_plan(pid)) {}
  ~NetnsPair() { remove(); }
  NetnsPair(const NetnsPair&) = delete;
  NetnsPair& operator=(const NetnsPair&) = delete;

  // Creates both namespaces and the veth pair; on failure removes what was made and says why.
  bool create(std::string& error);
  void remove();
  const NetnsPlan& plan() const { return plan_; }

 private:
  NetnsPlan plan_;
  bool created_ = false;
};

// Deletes vcbm-<pid>-* namespaces whose pid no longer runs.
void remove_abandoned_namespaces();

}  // namespace vcb::migrate
