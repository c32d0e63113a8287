#pragma once
// Interatomic potentials: Lennard-Jones with CoMD's copper parameters, and EAM from DYNAMO's funcfl
// or setfl tables (one element). Units: Angstrom, fs, eV; masses in CoMD's internal unit.
#include <string>
#include <vector>

namespace comd {

// amu -> eV fs^2 / A^2, evaluated left to right as CoMD's constant expression.
inline const double kAmuToInternalMass = 1.660538921e-27 * 1e-10 * 1e-10 / (1e-15 * 1e-15 * 1.602176565e-19);
inline constexpr double kBoltzmannEv = 8.6173324e-5;
inline constexpr double kHartreeToEv = 27.21138505;
inline constexpr double kBohrToAngs = 0.52917721092;

// A uniformly spaced table from x0 = 0 with one guard value before and three after, interpolated
// quadratically with a 4-point derivative (CoMD's scheme, so the same forces come out). CoMD keeps
// two guards after, yet its interpolation reads t[ii + 2] with ii up to n: the third guard (the
// last value again) keeps that read inside the table.
struct Table {
  int n = 0;
  double x0 = 0.0;
  double inv_dx = 0.0;
  std::vector<double> values;  // n + 4 entries; values[i + 1] holds point i
  // Per interval ii <= n: t[ii], g1, t[ii+1] + t[ii-1] - 2 t[ii], g2 - g1, each computed as the
  // interpolation formula computes it, so the hoisted form gives the same bits.
  std::vector<double> coef;

  static Table make(const std::vector<double>& data, double dx);
  void interpolate(double r, double& f, double& df) const;
  // interpolate() in two steps, so tables on one grid (EAM's phi and rho) locate r once.
  // locate() is false beyond the last interval; interpolate() handles that case as CoMD does.
  bool locate(double r, int& ii, double& frac) const {
    if (r < x0) r = x0;
    r = (r - x0) * inv_dx;  // >= 0, so truncation is floor
    if (!(r < n + 1)) return false;
    ii = static_cast<int>(r);
    frac = r - ii;
    return true;
  }
  void eval(int ii, double frac, double& f, double& df) const {
    const double* k = coef.data() + 4 * static_cast<size_t>(ii);
    f = k[0] + 0.5 * frac * (k[1] + frac * k[2]);
    df = 0.5 * (k[1] + frac * k[3]) * inv_dx;
  }
};

enum class PotentialKind { lj, eam_funcfl, eam_setfl };

struct Potential {
  PotentialKind kind = PotentialKind::lj;
  std::string name;      // "Cu" or the table's element
  std::string file;      // EAM table path ("" for LJ)
  double cutoff = 0.0;   // A
  double mass = 0.0;     // internal units
  double lattice = 0.0;  // A, the default lattice constant
  // Lennard-Jones
  double sigma = 0.0, epsilon = 0.0;
  // EAM
  Table phi, rho, embed;
  int n_rho = 0, n_r = 0;  // table sizes as read (identify standard tables)
};

Potential lennard_jones_copper();
// Reads an EAM table; on failure returns false and sets `error` to a message naming the file.
bool read_funcfl(const std::string& path, Potential& out, std::string& error);
bool read_setfl(const std::string& path, Potential& out, std::string& error);

}  // namespace comd
