#include "appliance_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "appliance.h"

namespace vcb::appliance {
namespace {

std::string megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

Result<Appliance> build_and_report(const std::string& out_dir, const std::string& program_dir) {
  const std::string programs = program_dir.empty() ? own_program_dir() : program_dir;
  const std::string out = out_dir.empty() ? default_out_dir(programs) : out_dir;
  const auto start = std::chrono::steady_clock::now();
  auto a = build(programs, out);
  if (!a) return a;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("appliance: %s\n", a->digest.c_str());
  std::printf("rootfs:    %s (%zu entries, %s in files)\n", a->rootfs.c_str(), a->file_count,
              megabytes(a->rootfs_bytes).c_str());
  std::printf("tarball:   %s (%s)\n", a->tarball.c_str(), megabytes(a->tar_bytes).c_str());
  std::printf("programs:  %zu from %s\n", a->programs.size(), a->source.c_str());
  std::printf("built in:  %.2f s\n", seconds);
  std::fflush(stdout);
  return a;
}

}  // namespace

std::string default_out_dir(const std::string& program_dir) {
  return (std::filesystem::path(program_dir).parent_path() / "appliance").string();
}

int appliance_build_command(const std::string& out_dir, const std::string& program_dir) {
  auto a = build_and_report(out_dir, program_dir);
  if (a) return 0;
  std::fprintf(stderr, "vcbench: %s\n", a.error().message.c_str());
  return a.error().exit_code;
}

int appliance_image_command(const std::string& engine, const std::string& out_dir,
                            const std::string& program_dir) {
  auto a = build_and_report(out_dir, program_dir);
  if (!a) {
    std::fprintf(stderr, "vcbench: %s\n", a.error().message.c_str());
    return a.error().exit_code;
  }
  auto image = ensure_image(engine, *a);
  if (!image) {
    std::fprintf(stderr, "vcbench: %s\n", image.error().message.c_str());
    return image.error().exit_code;
  }
  std::printf("image:     %s\n", image->c_str());
  return 0;
}

}  // namespace vcb::appliance
