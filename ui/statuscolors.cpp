#include "statuscolors.h"

#include <QPalette>

namespace bb {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

StatusColors StatusColors::of(const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    StatusColors c;
    c.success = dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    c.failure = dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xc6, 0x28, 0x28);
    c.warning = dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0xa8, 0x5d, 0x00);
    c.active = palette.color(QPalette::Highlight);
    c.neutral = palette.color(QPalette::Mid);
    c.banner = dark ? QColor(0x4a, 0x3b, 0x00) : QColor(0xff, 0xf4, 0xce);
    c.bannerText = dark ? QColor(0xff, 0xec, 0xb3) : QColor(0x3b, 0x2f, 0x00);
    return c;
}

} // namespace bb
