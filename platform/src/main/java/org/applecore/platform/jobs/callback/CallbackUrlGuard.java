package org.applecore.platform.jobs.callback;

import jakarta.inject.Singleton;
import org.applecore.platform.jobs.JobSettings;
import org.applecore.platform.problem.ApiException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF guard of callbacks. A callback URL must be absolute {@code http} or {@code https}, without user
 * info, and every address its host resolves to must be public: loopback, private (RFC 1918, unique local
 * {@code fc00::/7}), link-local, carrier-grade NAT ({@code 100.64.0.0/10}), unspecified and multicast addresses
 * are refused, unless the operator allow-list {@code applecore.jobs.callbacks.allowed-hosts} names the host
 * (exactly, case-insensitively) or a CIDR block holding the address. Checked at submission and again before
 * every delivery (DNS may change in between); redirects are never followed.
 */
@Singleton
public class CallbackUrlGuard {

    private final List<String> allowed;

    CallbackUrlGuard(JobSettings settings) {
        this.allowed = settings.callbackAllowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * @return the URL, parsed
     * @throws ApiException 400 {@code jobs.invalid_callback_url} or {@code jobs.callback_url_refused}
     */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("callback_url is not a URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null || url.length() > 2000) {
            throw invalid("callback_url must be an absolute http or https URL without user info or fragment, at most 2000 characters.");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (allowed.contains(host)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw invalid("The host of callback_url does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address) && !allowedByCidr(address)) {
                throw new ApiException(400, "jobs.callback_url_refused", "callback_url resolves to a loopback, private or "
                        + "link-local address (" + address.getHostAddress() + "); an operator may allow it with "
                        + "applecore.jobs.callbacks.allowed-hosts.");
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return !(first == 0 || first == 100 && second >= 64 && second <= 127 || first == 198 && (second == 18 || second == 19)
                    || first >= 240);
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique local; ::ffff:a.b.c.d mapped addresses are checked as IPv4 by the JDK already.
            return (bytes[0] & 0xfe) != 0xfc;
        }
        return true;
    }

    private boolean allowedByCidr(InetAddress address) {
        for (String entry : allowed) {
            int slash = entry.indexOf('/');
            if (slash < 0) {
                continue;
            }
            try {
                InetAddress network = InetAddress.getByName(entry.substring(0, slash));
                int bits = Integer.parseInt(entry.substring(slash + 1));
                if (inBlock(address.getAddress(), network.getAddress(), bits)) {
                    return true;
                }
            } catch (UnknownHostException | NumberFormatException e) {
                // an entry that is not a CIDR block allows nothing here
            }
        }
        return false;
    }

    private static boolean inBlock(byte[] address, byte[] network, int bits) {
        if (address.length != network.length || bits < 0 || bits > address.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(400, "jobs.invalid_callback_url", detail);
    }
}
