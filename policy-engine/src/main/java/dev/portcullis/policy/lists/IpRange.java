package dev.portcullis.policy.lists;

/** An inclusive range of 128-bit addresses (IPv4 as {@code ::ffff:a.b.c.d}). */
public record IpRange(long startHi, long startLo, long endHi, long endLo) {
    public boolean contains(long hi, long lo) {
        return IpText.compare(startHi, startLo, hi, lo) <= 0 && IpText.compare(hi, lo, endHi, endLo) <= 0;
    }
}
