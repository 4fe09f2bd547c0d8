# The source tree's root, wherever this file is included from (the fuzzing build is a project of
# its own under tests/fuzz that builds the server layers again with clang).
get_filename_component(SB_SOURCE_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# Settings every Switchboard target shares: warnings, Qt's strictness macros, the house C++ level.
function(sb_target_defaults target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wold-style-cast)
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII QT_NO_KEYWORDS QT_NO_FOREACH QT_USE_QSTRINGBUILDER)
    target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()

# sb_add_library(name SOURCES ... DEPS ...): one layer of server/.
function(sb_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${SB_SOURCE_ROOT}/server)
    target_link_libraries(${name} PUBLIC ${ARG_DEPS})
    sb_target_defaults(${name})
endfunction()
