# Build provenance carried by every record: version, git revision, compiler and flags.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE VCB_GIT_SHA OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git status --porcelain --untracked-files=no
                WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                OUTPUT_VARIABLE VCB_GIT_DIRTY OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT VCB_GIT_SHA)
  set(VCB_GIT_SHA "unknown")
elseif(VCB_GIT_DIRTY)
  set(VCB_GIT_SHA "${VCB_GIT_SHA}-dirty")
endif()
string(TOUPPER "${CMAKE_BUILD_TYPE}" _vcb_bt)
set(VCB_BUILD_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_vcb_bt}}")
string(STRIP "${VCB_BUILD_FLAGS}" VCB_BUILD_FLAGS)
set(VCB_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/build_info.h.in ${CMAKE_BINARY_DIR}/generated/vcb/build_info.h @ONLY)
