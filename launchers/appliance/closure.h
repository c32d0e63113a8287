#pragma once
// What the programs load: their shared-library closure as ldd reports it, and the run-time files
// ldd cannot see (plugins opened with dlopen, help texts, data), from runtime-files.txt.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/result.h"

namespace vcb::appliance {

struct LddReport {
  // file -> every library the loader maps for it, transitively, by the path ldd prints (the dynamic
  // loader included, at its canonical PT_INTERP path).
  std::map<std::string, std::vector<std::string>> libraries;
  // file -> the libraries ldd could not find ("libfoo.so.1 => not found").
  std::map<std::string, std::vector<std::string>> missing;
};

// Parses the output of `ldd FILE...`. ldd prints a "FILE:" header only when given several files,
// so `files` names the file of a header-less output.
LddReport parse_ldd(const std::string& output, const std::vector<std::string>& files);

// Runs ldd once over `files` (ELF files only; static ones simply list nothing). ldd runs the dynamic
// loader on them, which is fine for this build's programs and the host's own installed files.
Result<LddReport> run_ldd(const std::vector<std::string>& files);

// True when the file starts with the ELF magic.
bool is_elf(const std::string& path);

struct RuntimeRule {
  std::string pattern;  // absolute glob(3) pattern
  std::string needs;    // library file name that must be in the closure; empty = always
};

// runtime-files.txt: one absolute glob per line, "#" comments, and "[needs LIB]" / "[always]" section
// headers, so that (say) Open MPI's plugins only come along when a program links libmpi.
Result<std::vector<RuntimeRule>> parse_runtime_manifest(const std::string& text);

// The host paths the applicable rules match (rules whose library is absent are skipped; patterns
// that match nothing are skipped: a file is included only when the host has it). Sorted, unique.
std::vector<std::string> expand_runtime_rules(const std::vector<RuntimeRule>& rules,
                                              const std::set<std::string>& library_names);

// The manifest compiled into this build (launchers/appliance/runtime-files.txt).
const std::string& builtin_runtime_manifest();

}  // namespace vcb::appliance
