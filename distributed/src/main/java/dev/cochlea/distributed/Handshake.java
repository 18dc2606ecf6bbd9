package dev.cochlea.distributed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual authentication of the two ends of a ring link with the job's secret, which never crosses the wire: each side
 * sends a fresh nonce and proves it knows the secret with HMAC-SHA256 over both nonces, its role, rank and the world
 * size. A process from another job (or another world size, or the wrong rank) is refused before any data flows.
 */
final class Handshake {
    private static final int MAGIC = 0x43524e47; // "CRNG"
    private static final int VERSION = 1;
    private static final int NONCE_BYTES = 32;
    private static final int ACCEPTED = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final int worldSize;

    Handshake(byte[] secret, int worldSize) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the job secret must have at least 16 bytes");
        }
        this.secret = secret.clone();
        this.worldSize = worldSize;
    }

    /** Run by the rank that opened the connection to {@code peerRank}, its successor on the ring. */
    void asConnector(Socket socket, int myRank, int peerRank) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] myNonce = nonce();
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(worldSize);
        out.writeInt(myRank);
        out.write(myNonce);
        out.flush();
        byte[] peerNonce = new byte[NONCE_BYTES];
        in.readFully(peerNonce);
        byte[] peerMac = new byte[32];
        in.readFully(peerMac);
        if (!MessageDigest.isEqual(peerMac, mac("acceptor", myNonce, peerNonce, peerRank))) {
            throw new CollectiveException("rank " + myRank + ": the process at " + socket.getRemoteSocketAddress()
                    + " is not rank " + peerRank + " of this job (its handshake does not match the job secret)");
        }
        out.write(mac("connector", myNonce, peerNonce, myRank));
        out.flush();
        if (in.readInt() != ACCEPTED) {
            throw new CollectiveException("rank " + myRank + ": rank " + peerRank + " refused the handshake");
        }
    }

    /**
     * Run by the rank that accepted a connection; returns normally only if the caller is {@code expectedRank} of this
     * job, and throws {@link CollectiveException} otherwise (the caller then closes the socket and keeps listening).
     */
    void asAcceptor(Socket socket, int myRank, int expectedRank) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        int magic = in.readInt();
        int version = in.readInt();
        int peerWorld = in.readInt();
        int peerRank = in.readInt();
        if (magic != MAGIC || version != VERSION) {
            throw new CollectiveException("not a cochlea ring peer (magic " + Integer.toHexString(magic) + ")");
        }
        if (peerWorld != worldSize || peerRank != expectedRank) {
            throw new CollectiveException("expected rank " + expectedRank + " of " + worldSize + ", got rank "
                    + peerRank + " of " + peerWorld);
        }
        byte[] peerNonce = new byte[NONCE_BYTES];
        in.readFully(peerNonce);
        byte[] myNonce = nonce();
        out.write(myNonce);
        out.write(mac("acceptor", peerNonce, myNonce, myRank));
        out.flush();
        byte[] peerMac = new byte[32];
        in.readFully(peerMac);
        if (!MessageDigest.isEqual(peerMac, mac("connector", peerNonce, myNonce, peerRank))) {
            throw new CollectiveException(
                    "the connection claiming to be rank " + peerRank + " does not know the job secret");
        }
        out.writeInt(ACCEPTED);
        out.flush();
    }

    private byte[] mac(String role, byte[] connectorNonce, byte[] acceptorNonce, int rank) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(role.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            mac.update(connectorNonce);
            mac.update(acceptorNonce);
            mac.update(ByteBuffer.allocate(8).putInt(rank).putInt(worldSize).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    private static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /** A fresh random job secret, for launchers to hand to every rank. */
    static byte[] newSecret() {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        return s;
    }
}
