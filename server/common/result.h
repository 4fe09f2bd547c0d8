#pragma once

#include <tl/expected.hpp>

namespace sb {

// Fallible calls return a value or their layer's error enum; nothing throws across the event loop.
template<typename T, typename E>
using Result = tl::expected<T, E>;

template<typename E>
constexpr tl::unexpected<E> fail(E error)
{
    return tl::unexpected<E>(error);
}

} // namespace sb
