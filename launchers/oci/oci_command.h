#pragma once
// The command lines of the OCI launcher, as pure functions (tested without an engine). One code
// path serves docker and podman: they differ only in the few flags podman needs here.
#include <string>
#include <vector>

namespace vcb {

struct OciProfile {
  bool unconfined = false;  // --security-opt seccomp=unconfined: attributes syscall overhead to seccomp
  bool bind_scratch = false;  // scratch on a bind mount of the host folder instead of the overlay
};

// "docker" -> {}, "docker/unconfined" -> {unconfined}, "podman/bind" -> {bind}; false when unknown.
bool parse_oci_profile(const std::string& profile, OciProfile& out);

struct OciSpec {
  std::string engine;        // "docker" or "podman"
  OciProfile profile;
  std::string image;
  std::string name;          // container name
  std::string owner_label;   // org.vcbench.owner=<pid>: lets a later run remove what a killed one left
  std::vector<int> cpus;     // --cpuset-cpus
  long memory_mb = 0;        // --memory, 0 = none
  std::string host_scratch;  // bind-mounted at /scratch when profile.bind_scratch
};

inline constexpr const char* oci_scratch = "/scratch";
inline constexpr const char* oci_programs = "/opt/vcbench/bin";

// Labels that let a later run find what this one made, and the engine-specific flags.
std::vector<std::string> oci_engine_flags(const OciSpec& spec);
// Flags shared by the resident container and one-shot launches.
std::vector<std::string> oci_common_flags(const OciSpec& spec);
// A resident container running vcb-idle under --init, for `exec` of every kernel.
std::vector<std::string> oci_run_resident(const OciSpec& spec);
// A one-shot container for one program, removed when it exits (the startup benchmark).
std::vector<std::string> oci_run_once(const OciSpec& spec, const std::vector<std::string>& argv);
std::vector<std::string> oci_exec(const OciSpec& spec, const std::vector<std::string>& argv);
// One container per MPI rank (the hybrid model): `ENGINE run --rm ... IMAGE`, to which the rank's
// program and arguments are appended (through vcb-rank-env, which adds the rank's environment).
std::vector<std::string> oci_run_rank(const OciSpec& spec, const std::string& session_dir);
std::vector<std::string> oci_remove(const OciSpec& spec);

}  // namespace vcb
