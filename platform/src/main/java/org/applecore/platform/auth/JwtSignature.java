package org.applecore.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureGeneratorConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Signs access tokens with HS256 and verifies them, using {@link JwtSigningSecret}. Named
 * {@code generator} because that is the signature Micronaut's JWT generator asks for; its validator
 * uses every signature configuration, this one included.
 */
@Singleton
@Named("generator")
public class JwtSignature implements SignatureGeneratorConfiguration {

    private final JwtSigningSecret secret;

    JwtSignature(JwtSigningSecret secret) {
        this.secret = secret;
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "Only the HS256 JWS algorithm is supported";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return JWSAlgorithm.HS256.equals(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        return supports(jwt.getHeader().getAlgorithm()) && jwt.verify(new MACVerifier(secret.bytes()));
    }

    @Override
    public SignedJWT sign(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.bytes()));
        return jwt;
    }
}
