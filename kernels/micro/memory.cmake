# Memory, file, pipe and socket bandwidth and latency kernels (lmbench-style).

# The pointer rings of lat_mem_rd: pure functions, also linked by tests/unit/micro_memory_test.cc.
add_library(vcb_micro_ring STATIC ${CMAKE_CURRENT_LIST_DIR}/pointer_ring.cc)
target_include_directories(vcb_micro_ring PUBLIC ${CMAKE_CURRENT_LIST_DIR})

# Page-aligned buffers with a recorded huge-page policy, and the helper process of two-party kernels.
add_library(vcb_micro_memory_support STATIC
  ${CMAKE_CURRENT_LIST_DIR}/page_buffer.cc ${CMAKE_CURRENT_LIST_DIR}/peer_process.cc)
target_include_directories(vcb_micro_memory_support PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(vcb_micro_memory_support PUBLIC vcb_kernel_common vcb_micro_ring)

function(vcb_add_memory_kernel name)
  vcb_add_kernel(${name} ${ARGN})
  target_link_libraries(vcb-${name} PRIVATE vcb_micro_memory_support)
endfunction()

vcb_add_memory_kernel(bw_mem bw_mem.cc)
vcb_add_memory_kernel(lat_mem_rd lat_mem_rd.cc)
vcb_add_memory_kernel(bw_file_rd bw_file_rd.cc)
vcb_add_memory_kernel(bw_pipe bw_pipe.cc stream_bandwidth.cc)
vcb_add_memory_kernel(bw_unix bw_unix.cc stream_bandwidth.cc)
vcb_add_memory_kernel(lat_pipe lat_pipe.cc two_party_latency.cc)
vcb_add_memory_kernel(lat_unix lat_unix.cc two_party_latency.cc)

# lmbench's loops are scalar 4-byte int code (it builds with -O, no vectors); GCC's -O2 would
# vectorise the unrolled blocks and the user-space sums, so these two keep scalar code. The flag is
# also written into each record's detail ("loop").
target_compile_options(vcb-bw_mem PRIVATE -fno-tree-vectorize)
target_compile_options(vcb-bw_file_rd PRIVATE -fno-tree-vectorize)
