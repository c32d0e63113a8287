#include "kernel/config.h"

#include "trace/generator.h"
#include "trace/swf_reader.h"

namespace vcb::sim {
namespace {

bool is_file(const std::string& name) {
  return name.find('/') != std::string::npos || name.ends_with(".swf");
}

// The kernel keeps its params private; records it cannot write itself (zero values, see
// records.cc) need the same object, so every param is read through these two.
std::string text_param(Kernel& k, Config& c, const std::string& key, const std::string& fallback) {
  const std::string v = k.param(key, fallback);
  c.params[key] = v;
  return v;
}

int64_t int_param(Kernel& k, Config& c, const std::string& key, int64_t fallback) {
  const int64_t v = k.param_int(key, fallback);
  c.params[key] = v;
  return v;
}

void refuse(Kernel& k, const std::string& key, const std::string& applies_to) {
  if (!k.option(key, "").empty()) k.usage_error("--" + key + " applies to --policy " + applies_to + " only");
}

Result<std::unique_ptr<JobSource>> open_stream(const std::string& name, Stream stream, int64_t seed) {
  if (name == "none") return std::unique_ptr<JobSource>(std::make_unique<EmptySource>());
  if (is_file(name)) {
    auto reader = SwfReader::open(name);
    if (!reader) return reader.error();
    return std::unique_ptr<JobSource>(std::move(*reader));
  }
  auto spec = preset(name, stream, static_cast<uint64_t>(seed));
  if (!spec) return spec.error();
  return std::unique_ptr<JobSource>(std::make_unique<GeneratedSource>(*spec));
}

}  // namespace

Config read_config(Kernel& k) {
  Config c;
  auto kind = parse_policy(text_param(k, c, "policy", "dynamic"));
  if (!kind) k.usage_error(kind.error().message);
  Policy& p = c.policy;
  p.kind = *kind;
  p.nodes = int_param(k, c, "nodes", 128);
  if (p.has_batch())
    c.workload = text_param(k, c, "workload", "synthetic");
  else
    refuse(k, "workload", "batch, static, dynamic or fill");
  if (p.has_od())
    c.od = text_param(k, c, "od", "synthetic");
  else
    refuse(k, "od", "static, dynamic, od_only or fill");
  const bool generated =
      (p.has_batch() && !is_file(c.workload)) || (p.has_od() && !is_file(c.od) && c.od != "none");
  if (generated)
    c.seed = int_param(k, c, "seed", 1);
  else
    refuse(k, "seed", "a generated workload");
  if (p.kind == PolicyKind::dynamic)
    p.reserve = int_param(k, c, "reserve", 0);
  else
    refuse(k, "reserve", "dynamic");
  if (p.has_od())
    p.wait_s = int_param(k, c, "wait_s", 30);
  else
    refuse(k, "wait_s", "static, dynamic, od_only or fill");
  if (p.kind == PolicyKind::static_split)
    p.batch_share = int_param(k, c, "batch_share", 50);
  else
    refuse(k, "batch_share", "static");
  if (auto ok = check_policy(p); !ok) k.usage_error(ok.error().message);
  return c;
}

Result<Streams> open_streams(const Config& c) {
  Streams s;
  if (c.policy.has_batch()) {
    auto batch = open_stream(c.workload, Stream::batch, c.seed);
    if (!batch) return batch.error();
    s.batch = std::move(*batch);
  } else {
    s.batch = std::make_unique<EmptySource>();
  }
  if (c.policy.has_od()) {
    auto od = open_stream(c.od, Stream::od, c.seed);
    if (!od) return od.error();
    s.od = std::move(*od);
  } else {
    s.od = std::make_unique<EmptySource>();
  }
  return s;
}

}  // namespace vcb::sim
