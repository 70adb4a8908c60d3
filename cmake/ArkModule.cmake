# ark_module(NAME DEPS dep...): a library target ark_<NAME> built from every .cc in the
# calling src/<NAME>/ folder (and its subfolders), public include root src/.
function(ark_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  add_library(ark_${name} STATIC ${sources})
  target_include_directories(ark_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(ark_${name} PUBLIC ${ARG_DEPS})
endfunction()

# ark_test(NAME [TIMEOUT seconds] DEPS dep...): one gtest binary ark_<NAME>_test from every
# *_test.cc in the calling tests/<NAME>/ folder, registered with CTest test by test (each test
# may take TIMEOUT seconds, default 600).
function(ark_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "DEPS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 600)
  endif()
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  add_executable(ark_${name}_test ${sources})
  target_include_directories(ark_${name}_test PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(ark_${name}_test PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(ark_${name}_test PRIVATE
    ARK_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    ARK_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(ark_${name}_test DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT ${ARG_TIMEOUT})
endfunction()
