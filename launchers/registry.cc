#include "charliecloud/charliecloud_launcher.h"
#include "launcher.h"
#include "kvm/kvm_launcher.h"
#include "native/native_launcher.h"
#include "oci/oci_launcher.h"

namespace vcb {

std::vector<EnvironmentInfo> known_environments() {
  return {{"native", "bare metal: kernels as child processes, bound to hwloc cores"},
          {"docker", "Docker container from the appliance: engine seccomp profile, overlay scratch"},
          {"docker/unconfined", "Docker with --security-opt seccomp=unconfined"},
          {"docker/bind", "Docker with the scratch folder on a bind mount instead of the overlay"},
          {"podman", "Podman (runc) container from the appliance: default seccomp, overlay scratch"},
          {"podman/unconfined", "Podman with --security-opt seccomp=unconfined"},
          {"podman/bind", "Podman with the scratch folder on a bind mount"},
          {"charliecloud", "Charliecloud ch-run of the appliance rootfs: user+mount namespaces, no seccomp, no cgroup"},
          {"kvm/naive", "QEMU guest from the appliance as a first-time user writes it: -smp N, default CPU, no pinning"},
          {"kvm/tuned", "QEMU guest: -cpu host (KVM only), vCPUs pinned 1:1 to cores, NUMA nodes mirroring the host's"},
          {"kvm/pinned", "QEMU guest with only the vCPU pinning of kvm/tuned"}};
}

RankLaunch Launcher::mpi_ranks(const std::string&) const {
  RankLaunch r;
  r.error = describe().value("name", std::string("this environment")) +
            " cannot host MPI ranks; run MPI suites on native, docker, podman, charliecloud or kvm/*";
  return r;
}

std::unique_ptr<Launcher> make_launcher(const std::string& name, const LaunchContext& context, std::string& error) {
  if (name == "native") return std::make_unique<NativeLauncher>(context);
  if (name == "charliecloud") return std::make_unique<CharliecloudLauncher>(context);
  const auto slash = name.find('/');
  const std::string kind = name.substr(0, slash), profile = slash == std::string::npos ? "" : name.substr(slash + 1);
  OciProfile parsed;
  if ((kind == "docker" || kind == "podman") && parse_oci_profile(profile, parsed))
    return std::make_unique<OciLauncher>(kind, profile, context);
  KvmProfile kvm_profile;
  if (kind == "kvm" && (profile == "naive" || profile == "tuned" || profile == "pinned") &&
      parse_kvm_profile(profile, kvm_profile))
    return std::make_unique<KvmLauncher>(profile, context);
  std::string known;
  for (const auto& e : known_environments()) known += (known.empty() ? "" : ", ") + e.name;
  error = "unknown environment '" + name + "'; known: " + known + " (see: vcbench list envs)";
  return nullptr;
}

}  // namespace vcb
