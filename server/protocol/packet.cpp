#include "packet.h"

namespace sb::sio {

bool isValidNamespace(QByteArrayView nsp)
{
    return nsp.startsWith('/') && !nsp.contains(',') && nsp.isValidUtf8();
}

} // namespace sb::sio
