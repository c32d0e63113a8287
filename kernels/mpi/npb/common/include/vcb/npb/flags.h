#pragma once
// The command line every NPB kernel takes: --class (a benchmark parameter, default S) and
// --perturb (an option, not part of the benchmark's identity: a test's way to see verification
// fail on purpose). EP, CG and IS read --perturb 0|1 (1 draws the problem one random number
// late); MG and FT read --perturb REL (the input scaled by 1 + REL).
//
//   const auto [cls, perturbed] = vcb::npb::begin(k, w, npb_cg::kClasses);
//   const auto [cls, perturb] = vcb::npb::begin(k, w, kClasses, "1e-6");
#include <string>
#include <type_traits>

#include "vcb/mpi_world.h"
#include "vcb/npb/class_table.h"

namespace vcb::npb {

// What begin() hands the kernel: its class's table entry and the --perturb value.
template <class Class, class Perturb>
struct Start {
  const Class& cls;
  Perturb perturb;
};

// The pieces of begin(), in the order its usage errors come: flags are read and --ranks checked
// before Kernel::begin() rejects unknown flags, and only then are the values judged, the class
// first.
struct Flags {
  std::string class_name;
  std::string perturb;
};
Flags read_flags(Kernel& k, const mpi::World& w);
bool perturb_switch(const Kernel& k, const std::string& text);
// `example` is a value the kernel's tolerance notices, for the error message.
double perturb_relative(const Kernel& k, const std::string& text, const char* example);

// EP, CG, IS: the class from `classes` (see class_table.h) and whether --perturb 1 was given.
template <class Table>
auto begin(Kernel& k, const mpi::World& w, const Table& classes) {
  const Flags f = read_flags(k, w);
  const auto& cls = require_class(k, classes, f.class_name);
  return Start<std::remove_cvref_t<decltype(cls)>, bool>{cls, perturb_switch(k, f.perturb)};
}

// MG, FT: the class and the relative change of the input (0 without --perturb).
template <class Table>
auto begin(Kernel& k, const mpi::World& w, const Table& classes, const char* example) {
  const Flags f = read_flags(k, w);
  const auto& cls = require_class(k, classes, f.class_name);
  return Start<std::remove_cvref_t<decltype(cls)>, double>{cls, perturb_relative(k, f.perturb, example)};
}

}  // namespace vcb::npb
