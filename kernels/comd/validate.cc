#include "validate.h"

#include <cmath>
#include <cstdio>

namespace comd {
namespace {

struct RefLine {
  double total, potential, kinetic, temperature;
};

// CoMD-openmp 1.1, 1 thread, printed with %18.12f / %12.4f (proxies.md §6.2), steps 0, 10, ..., 100.
const std::vector<RefLine> kLj = {
    {-1.166063303457, -1.243619295057, 0.077555991600, 600.0000}, {-1.166059622057, -1.233147893487, 0.067088271429, 519.0181},
    {-1.166048357205, -1.208155342136, 0.042106984931, 325.7542}, {-1.166037484395, -1.186569167982, 0.020531683586, 158.8402},
    {-1.166042037652, -1.183657586707, 0.017615549056, 136.2800}, {-1.166051645149, -1.193765243379, 0.027713598229, 214.4020},
    {-1.166054560408, -1.202659094233, 0.036604533825, 283.1853}, {-1.166052020451, -1.204819516138, 0.038767495687, 299.9188},
    {-1.166048627213, -1.203509900934, 0.037461273722, 289.8134}, {-1.166047863889, -1.203781018358, 0.037733154469, 291.9167},
    {-1.166049767266, -1.206959996208, 0.040910228943, 316.4957}};
const std::vector<RefLine> kFuncfl = {
    {-3.460523233083, -3.538079224683, 0.077555991600, 600.0000}, {-3.460522628669, -3.529924145272, 0.069401516604, 536.9142},
    {-3.460524222847, -3.509723629972, 0.049199407125, 380.6236}, {-3.460527822716, -3.488515886518, 0.027988063802, 216.5254},
    {-3.460532239206, -3.477544783370, 0.017012544164, 131.6149}, {-3.460536532882, -3.479840373840, 0.019303840958, 149.3412},
    {-3.460538189658, -3.489029232159, 0.028491042501, 220.4166}, {-3.460536813191, -3.496675507912, 0.036138694722, 279.5815},
    {-3.460534025578, -3.498883909176, 0.038349883598, 296.6880}, {-3.460531450538, -3.497211335348, 0.036679884810, 283.7683},
    {-3.460530084716, -3.495731722627, 0.035201637911, 272.3321}};
const std::vector<RefLine> kSetfl = {
    {-3.462443977571, -3.539999969171, 0.077555991600, 600.0000}, {-3.462441429469, -3.531748854378, 0.069307424909, 536.1862},
    {-3.462434240934, -3.511248993038, 0.048814752104, 377.6478}, {-3.462426337985, -3.489846784201, 0.027420446215, 212.1341},
    {-3.462424612189, -3.479369158372, 0.016944546182, 131.0889}, {-3.462429748136, -3.482514467131, 0.020084718995, 155.3823},
    {-3.462435347451, -3.491934105150, 0.029498757699, 228.2126}, {-3.462437152863, -3.499020178643, 0.036583025780, 283.0190},
    {-3.462435482868, -3.500580436656, 0.038144953788, 295.1026}, {-3.462432718427, -3.498872465250, 0.036439746823, 281.9105},
    {-3.462431276362, -3.498039918823, 0.035608642461, 275.4808}};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// §9: |dE| <= 5e-11 eV/atom at step 0 (pure summation order), 5e-12 later; T equal to 4 decimals.
bool line_matches(const EnergyLine& got, const RefLine& ref, std::string& why) {
  const double tol = got.step == 0 ? 5e-11 : 5e-12;
  const double d[3] = {got.total - ref.total, got.potential - ref.potential, got.kinetic - ref.kinetic};
  const char* names[3] = {"total", "potential", "kinetic"};
  for (int k = 0; k < 3; ++k)
    if (!(std::fabs(d[k]) <= tol)) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "step %d: %s energy off by %.3g eV/atom (tolerance %.0e)", got.step, names[k], d[k], tol);
      why = buf;
      return false;
    }
  if (!(std::fabs(got.temperature - ref.temperature) <= 5.0e-5 + 1e-9)) {
    why = "step " + std::to_string(got.step) + ": temperature differs from the reference at 4 decimals";
    return false;
  }
  return true;
}

}  // namespace

std::string standard_case(const Config& cfg, const Potential& pot) {
  const bool defaults = cfg.cells == std::array<int, 3>{20, 20, 20} && cfg.steps == 100 && cfg.print_rate == 10 &&
                        cfg.dt == 1.0 && cfg.temperature == 600.0 && cfg.delta == 0.0 &&
                        (cfg.lattice <= 0.0 || cfg.lattice == 3.615);
  if (!defaults) return "";
  if (pot.kind == PotentialKind::lj) return "lj";
  if (pot.kind == PotentialKind::eam_funcfl && ends_with(pot.file, "Cu_u6.eam") && pot.n_rho == 500 && pot.n_r == 500)
    return "eam-funcfl-Cu_u6";
  if (pot.kind == PotentialKind::eam_setfl && ends_with(pot.file, "Cu01.eam.alloy") && pot.n_rho == 10000 &&
      pot.n_r == 10000)
    return "eam-setfl-Cu01";
  return "";
}

Verdict validate(const Config& cfg, const Potential& pot, const RunResult& run) {
  Verdict v;
  v.standard = standard_case(cfg, pot);
  if (run.atoms_final != run.atoms_initial || run.lines.empty()) {
    v.detail = "atoms lost: " + std::to_string(run.atoms_initial) + " at start, " + std::to_string(run.atoms_final) + " at end";
    return v;
  }
  if (!v.standard.empty()) {
    const auto& ref = v.standard == "lj" ? kLj : v.standard == "eam-funcfl-Cu_u6" ? kFuncfl : kSetfl;
    if (run.lines.size() != ref.size() || run.atoms_final != 32000) {
      v.detail = "standard case " + v.standard + " printed an unexpected number of lines or atoms";
      return v;
    }
    for (size_t i = 0; i < ref.size(); ++i)
      if (!line_matches(run.lines[i], ref[i], v.detail)) {
        v.detail = v.standard + " vs CoMD reference: " + v.detail;
        return v;
      }
    v.passed = true;
    v.detail = v.standard + ": total, potential and kinetic energy per atom within 5e-11 (step 0) / 5e-12 eV "
               "(steps 10..100) and temperature to 4 decimals of CoMD's reference at all 11 printed steps; 32000 atoms kept";
    return v;
  }
  const double e0 = run.lines.front().total, e1 = run.lines.back().total;
  const double drift = std::fabs(e1 / e0 - 1.0);
  char buf[200];
  std::snprintf(buf, sizeof buf, "not a standard case: energy conservation |E_end/E_0 - 1| = %.3g (tolerance %.0e), %lld atoms kept",
                drift, kConservationTolerance, run.atoms_final);
  v.detail = buf;
  v.passed = std::isfinite(drift) && drift <= kConservationTolerance;
  return v;
}

}  // namespace comd
