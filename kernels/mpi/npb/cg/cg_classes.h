#pragma once
// NPB CG problem classes (NPB3.3 setparams / cg.f): order na, nonzeros per generated vector,
// outer iterations, eigenvalue shift, and the official zeta a correct run reproduces to 1e-10.
#include <optional>
#include <string>

namespace npb_cg {

struct CgClass {
  char name;
  int na;
  int nonzer;
  int niter;
  double shift;
  double zeta_ref;
};

inline constexpr double kRcond = 0.1;  // bounds the smallest eigenvalue from below
inline constexpr int kCgSteps = 25;    // NPB's cgitmax: fixed CG steps per outer iteration
inline constexpr double kTolerance = 1e-10;
inline constexpr const char* kValidClasses = "S, W, A, B, C";

inline std::optional<CgClass> find_class(const std::string& name) {
  static constexpr CgClass table[] = {
      {'S', 1400, 7, 15, 10.0, 8.5971775078648},
      {'W', 7000, 8, 15, 12.0, 10.362595087124},
      {'A', 14000, 11, 15, 20.0, 17.130235054029},
      {'B', 75000, 13, 75, 60.0, 22.712745482631},
      {'C', 150000, 15, 75, 110.0, 28.973605592845},
  };
  for (const CgClass& c : table)
    if (name.size() == 1 && name[0] == c.name) return c;
  return std::nullopt;
}

}  // namespace npb_cg
