# Kernels whose work spans processes, signals and files (lat_proc, lat_ctx, lat_sig, lat_fs,
# lat_pagefault, lat_mmap), their shared support library and the tiny C programs lat_proc runs.
# Included from kernels/micro/CMakeLists.txt; paths are relative to this directory.

# Pure helpers shared by these kernels (unit-tested by tests/unit/micro_process_test.cc).
add_library(vcb_micro_process STATIC ${CMAKE_CURRENT_LIST_DIR}/process_support.cc)
target_include_directories(vcb_micro_process PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(vcb_micro_process PUBLIC vcb_kernel_common)

# lat_proc forks from this small C process, never from the C++ kernel (fork cost scales with the
# forker's mappings), and execs the two hello programs found next to the kernel binary.
add_executable(vcb-proc-helper ${CMAKE_CURRENT_LIST_DIR}/helpers/proc_helper.c)
add_executable(vcb-hello ${CMAKE_CURRENT_LIST_DIR}/helpers/hello.c)
add_executable(vcb-hello-static ${CMAKE_CURRENT_LIST_DIR}/helpers/hello.c)
target_link_options(vcb-hello-static PRIVATE -static)

foreach(kernel lat_proc lat_ctx lat_sig lat_fs lat_pagefault lat_mmap)
  vcb_add_kernel(${kernel} ${CMAKE_CURRENT_LIST_DIR}/${kernel}.cc)
  target_link_libraries(vcb-${kernel} PRIVATE vcb_micro_process)
endforeach()
add_dependencies(vcb-lat_proc vcb-proc-helper vcb-hello vcb-hello-static)
