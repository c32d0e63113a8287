// Reflective boundaries as CloverLeaf applies them. Along each axis a field is mirrored with one of
// three shapes: cell-like (a(1-i) = a(i)), node-like (a(1-i) = a(1+i)), and the face-flux quirk
// for the tangential direction (low side node-like, high side a(n+i) = a(n-i), skipping the wall).
#include "halo.h"

#include "comm.h"

namespace clover {
namespace {

struct Mirror {
  int low_src;   // a(1-i) = sign * a(low_src + i)
  int high_dst;  // a(n + high_dst + i) = sign * a(n + high_src - i)
  int high_src;
  double sign;
};

constexpr Mirror cell_like{0, 0, 1, 1.0};
constexpr Mirror node_like{1, 1, 1, 1.0};
constexpr Mirror face_quirk{1, 0, 0, 1.0};

Mirror negate(Mirror m) { m.sign = -m.sign; return m; }

Mirror rule_x(Kind k) {
  switch (k) {
    case Kind::cell: return cell_like;
    case Kind::xvel: return negate(node_like);
    case Kind::yvel: return node_like;
    case Kind::xface: return negate(node_like);
    case Kind::yface: return face_quirk;
  }
  return cell_like;
}

Mirror rule_y(Kind k) {
  switch (k) {
    case Kind::cell: return cell_like;
    case Kind::xvel: return node_like;
    case Kind::yvel: return negate(node_like);
    case Kind::xface: return face_quirk;
    case Kind::yface: return negate(node_like);
  }
  return cell_like;
}

int xinc(Kind k) { return k == Kind::xvel || k == Kind::yvel || k == Kind::xface ? 1 : 0; }
int yinc(Kind k) { return k == Kind::xvel || k == Kind::yvel || k == Kind::yface ? 1 : 0; }

void walls(Chunk& c, Field& f, Kind kind, int depth) {
  const Mirror mx = rule_x(kind), my = rule_y(kind);
  const int j_hi = c.nx + depth + xinc(kind), k_hi = c.ny + depth + yinc(kind);
  const int nx = c.nx, ny = c.ny;
  if (c.neighbour[bottom] < 0)
    for (int j = 1 - depth; j <= j_hi; ++j)
      for (int i = 1; i <= depth; ++i) f(j, 1 - i) = my.sign * f(j, my.low_src + i);
  if (c.neighbour[top] < 0)
    for (int j = 1 - depth; j <= j_hi; ++j)
      for (int i = 1; i <= depth; ++i) f(j, ny + my.high_dst + i) = my.sign * f(j, ny + my.high_src - i);
  if (c.neighbour[left] < 0)
    for (int k = 1 - depth; k <= k_hi; ++k)
      for (int i = 1; i <= depth; ++i) f(1 - i, k) = mx.sign * f(mx.low_src + i, k);
  if (c.neighbour[right] < 0)
    for (int k = 1 - depth; k <= k_hi; ++k)
      for (int i = 1; i <= depth; ++i) f(nx + mx.high_dst + i, k) = mx.sign * f(nx + mx.high_src - i, k);
}

}  // namespace

void update_halo(Chunk& c, const std::vector<HaloField>& fields, int depth) {
  std::vector<comm::Exchanged> ex;
  for (const auto& h : fields) ex.push_back({h.field, xinc(h.kind), yinc(h.kind)});
  comm::exchange(c, ex, depth);
#pragma omp parallel for schedule(static)
  for (size_t n = 0; n < fields.size(); ++n) walls(c, *fields[n].field, fields[n].kind, depth);
}

}  // namespace clover
