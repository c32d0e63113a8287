// vcb-rank-env ENGINE run FLAGS... IMAGE PROGRAM ARGS...
// The application that the host's mpirun starts for each rank of a container run (the hybrid
// model). A container engine's CLI does not pass its environment into the container, and mpirun
// binds this process, not the containerised rank (a child of the engine's daemon); so before
// exec'ing the engine this adds, right after "run":
//   -e NAME for every Open MPI / PMIx variable orted set (the rank's wire-up to its orted), and
//   --cpuset-cpus LIST when mpirun bound us to fewer CPUs than the host has (the rank's binding).
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

bool forwarded(const char* entry) {
  for (const char* prefix : {"OMPI_", "PMIX_", "OPAL_", "ORTE_", "HWLOC_"})
    if (std::strncmp(entry, prefix, std::strlen(prefix)) == 0) return true;
  return false;
}

// Our CPU set as a list, or "" when it is every online CPU (mpirun did not bind).
std::string bound_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return "";
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (CPU_COUNT(&set) >= online) return "";
  std::string list;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) list += (list.empty() ? "" : ",") + std::to_string(c);
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "run") != 0) {
    std::fprintf(stderr, "usage: vcb-rank-env ENGINE run FLAGS... IMAGE PROGRAM [ARGS...]\n");
    return 2;
  }
  std::vector<std::string> args{argv[1], argv[2]};
  for (char** e = environ; *e; ++e) {
    if (!forwarded(*e)) continue;
    const char* eq = std::strchr(*e, '=');
    if (!eq) continue;
    args.push_back("-e");
    args.emplace_back(static_cast<const char*>(*e), eq);  // the name alone: the engine copies the value from our environment
  }
  if (const std::string cpus = bound_cpus(); !cpus.empty()) {
    args.push_back("--cpuset-cpus");
    args.push_back(cpus);
  }
  for (int i = 3; i < argc; ++i) args.push_back(argv[i]);
  std::vector<char*> c_args;
  for (auto& a : args) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  execvp(c_args[0], c_args.data());
  std::fprintf(stderr, "vcb-rank-env: cannot run %s: %s\n", argv[1], std::strerror(errno));
  return 127;
}
