package io.github.wildfiresfu.media.dtls;

/**
 * Certificates and keys made once with OpenSSL 3.0 (Debian 12), kept as text so the tests do not
 * depend on the openssl tool. The expected fingerprints are what {@code openssl x509 -noout
 * -fingerprint -sha256} (and {@code -sha1}) printed for them:
 *
 * <pre>
 * openssl ecparam -name prime256v1 -genkey -out ec.key
 * openssl req -x509 -new -key ec.key -subj "/CN=openssl-fixture" -days 3650 -sha256 -out ec.crt
 * openssl pkcs8 -topk8 -in ec.key -v2 aes-256-cbc -passout pass:s3cret -out ec-enc.key
 * openssl ec -in ec.key -aes128 -passout pass:s3cret -out ec-trad-enc.key
 * openssl genpkey -algorithm ed25519 -out ed.key; openssl req -x509 -new -key ed.key -subj "/CN=ed" -out ed.crt
 * openssl genrsa -out rsa.key 2048; openssl req -x509 -new -key rsa.key -subj "/CN=rsa-fixture" -sha256 -out rsa.crt
 * </pre>
 */
final class OpensslFixtures {

    static final String PASSWORD = "s3cret";

    static final String EC_SHA256 =
            "sha-256 47:8E:A8:84:16:D6:D0:3A:FB:44:6D:D3:63:32:E6:F5:B4:1E:17:42:78:13:2B:A4:B9:C3:3E:B8:BA:41:29:33";

    static final String EC_SHA1 = "sha-1 33:D9:D7:3C:3E:96:72:3C:F3:D1:EC:79:02:8F:DA:B7:C2:72:AF:68";

    static final String RSA_SHA256 =
            "sha-256 BC:4C:0C:48:FA:C2:B7:41:BE:83:EA:91:38:2C:38:07:3A:51:A8:D0:A5:6A:D5:38:CA:62:C9:1D:A9:12:4B:8E";

    private OpensslFixtures() {
    }

    static final String EC_CERT = """
            -----BEGIN CERTIFICATE-----
            MIIBiTCCAS+gAwIBAgIURav9IWbtb/UjwmimtLpg+EN6RCIwCgYIKoZIzj0EAwIw
            GjEYMBYGA1UEAwwPb3BlbnNzbC1maXh0dXJlMB4XDTI2MTEyNDE0MTQ1NloXDTM2
            MTEyMTE0MTQ1NlowGjEYMBYGA1UEAwwPb3BlbnNzbC1maXh0dXJlMFkwEwYHKoZI
            zj0CAQYIKoZIzj0DAQcDQgAEs28DpQ/7dwOZ+qmTRy1rRDQCxAH9A8dF+L8Axq57
            70YwKZfM13ZfSOK/l+hjxN0uqpkKbw7SzsI2x7HJL3vzY6NTMFEwHQYDVR0OBBYE
            FOx7NPyR1KaNT9c+BnFTUnLNH3mlMB8GA1UdIwQYMBaAFOx7NPyR1KaNT9c+BnFT
            UnLNH3mlMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAMGfyDl4
            j+EJG7B5L9bsi51prqWwylEsFIaJ2V1ow8GFAiAX+cklSoKyXQ1I7cosBaDJbSbt
            AVFaCEJbaF9T4W55zQ==
            -----END CERTIFICATE-----
            """;

    static final String EC_KEY = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIDTj9Ots8BoYdbgo7pN5XHY1Wz3KmIu3CfqAYH/Q1F00oAoGCCqGSM49
            AwEHoUQDQgAEs28DpQ/7dwOZ+qmTRy1rRDQCxAH9A8dF+L8Axq5770YwKZfM13Zf
            SOK/l+hjxN0uqpkKbw7SzsI2x7HJL3vzYw==
            -----END EC PRIVATE KEY-----
            """;

    static final String EC_KEY_PKCS8_ENCRYPTED = """
            -----BEGIN ENCRYPTED PRIVATE KEY-----
            MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAj/1LssIRXk0AICCAAw
            DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEA6JlREWWaE4xuHIBLn01mIEgZDD
            S9/cxrN13FptQcbbYqlPv0Q3rDiMk9fhqm3Xr+ROmC44nrWqKy8dMQCNEPDboebJ
            06zW7oah1FPjeJYs3mBsJ7lyXV3g8Ui7bP3xX96OeL/etbSy80oQ+NoqTUX+Fhqa
            1sedi53jq9mQl9zOa3PpN9vxMqolEVumcdgaX6rUUF3XnbAYVyX+3PLLqh4//LI=
            -----END ENCRYPTED PRIVATE KEY-----
            """;

    static final String EC_KEY_TRADITIONAL_ENCRYPTED = """
            -----BEGIN EC PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-128-CBC,845373BCF998C4C03DD201F0E9780F37
            
            wUggiRiaBQymNsnyp4KRycu0cF4oA7wmQIlYLOwlP1Dszl7yrhj6K16VC80Z4AuG
            MWfV23ZwFuCMHmyDZGh3FNFXe5rJY77KBQ1QbgQnLoRaqLgmfc2rdY9BiQejPDD4
            EYSpQo5a/rxJ5i2NmibUhpijCy4toaNJbUj6lxA4wyA=
            -----END EC PRIVATE KEY-----
            """;

    static final String ED25519_CERT = """
            -----BEGIN CERTIFICATE-----
            MIIBLjCB4aADAgECAhQR+rQbx7L4Y+MyUp1/6mM9TPrJyDAFBgMrZXAwDTELMAkG
            A1UEAwwCZWQwHhcNMjYxMTI0MTQxNDU2WhcNMzYxMTIxMTQxNDU2WjANMQswCQYD
            VQQDDAJlZDAqMAUGAytlcAMhAHiO8y7OrjfGSsz9XgvW0Z55BwIdPPI01MWG8jrP
            3KIro1MwUTAdBgNVHQ4EFgQU17ufEqUiJ9Oh5SZ5/XDHeeRdzBQwHwYDVR0jBBgw
            FoAU17ufEqUiJ9Oh5SZ5/XDHeeRdzBQwDwYDVR0TAQH/BAUwAwEB/zAFBgMrZXAD
            QQAh86PtATXf6HhsXYUZiNyUGb1R2RLu84Enm7gpQytm2iz7Q+sEwb1emW0hgsoW
            4WsPiAjzTMjOm8iZiLZEmfIF
            -----END CERTIFICATE-----
            """;

    static final String ED25519_KEY = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIEKXb8ro5SL3ylSsuR6X6IVvrgHOCozo/pycxM12Z/Ft
            -----END PRIVATE KEY-----
            """;

    static final String RSA_CERT = """
            -----BEGIN CERTIFICATE-----
            MIIDDTCCAfWgAwIBAgIUIU+hQ4C9nULBUa9VdMRvm0w89YIwDQYJKoZIhvcNAQEL
            BQAwFjEUMBIGA1UEAwwLcnNhLWZpeHR1cmUwHhcNMjYxMTI0MTQxNDU2WhcNMzYx
            MTIxMTQxNDU2WjAWMRQwEgYDVQQDDAtyc2EtZml4dHVyZTCCASIwDQYJKoZIhvcN
            AQEBBQADggEPADCCAQoCggEBAJRYIZDqp2oYNbitcxNPbeNQUmbvN8Omt4qcNptE
            tVJJTB4KYOVWrRC9Q/d7ZehIRfEoi+wvYC4gPi+Zsdm0lbg2xyluNkXGuqUy2yv/
            X1u/CV58b284NfXwjI1WPVOeILOXzfXqarU5FFIW9GGWpO2jQ1N56TjINO5zzziz
            arKatsXGgkI1a5R/bkP1UFaI4+oJmsT7ir/4554mOxSnomUhv+4OZAasPoU7rm5k
            xmlkGi7XfH80ggdIqsIXJxzt6AEw8X2Ty7p9dLLP23WkXtjcwu35PbU3UQM0YMC/
            zNsXQHy+f9MnZfs46BuiBIhKgoxoatnh6SKZ/juvY7JniIECAwEAAaNTMFEwHQYD
            VR0OBBYEFMXUFqnXz5aBOxACNjF88OXOvvr2MB8GA1UdIwQYMBaAFMXUFqnXz5aB
            OxACNjF88OXOvvr2MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEB
            AGa4LkVMWxotwSAt9nkE0bVHaPi6RiY9vt6lWOUNPzsb9Frf54S2KIdGScNrlzm3
            w/27PVTzWg4iC57WwIEgtGL7LIVl5ZrK6zsPU0pdGss5gm4krDoXjWreWxCAYe4c
            hENlZFGZrvmAsC/ej9PcgLo9NtIpi2MZRhz+b+ERcdc+tH1iiTqNNRC8m+Ui+BuK
            r+kllzthII7rfuXoXzQruh+AsBqi7W+aD640Hn/cs+/6UNTA8LZglS/jNjvU/2iO
            5aIywLsvdx4Mnk6yp1hZpk/x35eh/9AA2DeJIDtczhUpD/Ul+5CXomN7+QvZqcmD
            khoc586vIS2Dc9SiGNOVqw8=
            -----END CERTIFICATE-----
            """;

    static final String RSA_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCUWCGQ6qdqGDW4
            rXMTT23jUFJm7zfDpreKnDabRLVSSUweCmDlVq0QvUP3e2XoSEXxKIvsL2AuID4v
            mbHZtJW4NscpbjZFxrqlMtsr/19bvwlefG9vODX18IyNVj1TniCzl8316mq1ORRS
            FvRhlqTto0NTeek4yDTuc884s2qymrbFxoJCNWuUf25D9VBWiOPqCZrE+4q/+Oee
            JjsUp6JlIb/uDmQGrD6FO65uZMZpZBou13x/NIIHSKrCFycc7egBMPF9k8u6fXSy
            z9t1pF7Y3MLt+T21N1EDNGDAv8zbF0B8vn/TJ2X7OOgbogSISoKMaGrZ4ekimf47
            r2OyZ4iBAgMBAAECggEADXC5HqBadliNMLDrMGbnUn7p7sOVYaR1FEzrZNpiNBT9
            Nx32AeSX6sbxjBzh2QLU7qQGBJ2VcRIHMFh6u0cLGm6nUTY+gPuGPtN1wiDxt3Lk
            9J4BM3cVt7VWUE2HYh0W/DT9bZHfBMTDXF14dNZDFfjPb8la4epZyV6axsz5Fm3R
            j8uvghJcU+lqZGkYZvqWoSHoiDtutMbnWI2cB9lIWPQ2/jQ7mD2nKa0H/S3FEvpp
            gvcy64QCNfeNkg9FFMFlqoUtGdftiweLgZzs9po0A/BBpQr+JbNIqWDpeKD/ONDM
            3d3BGvcbU6vRUV16k2v2AX2PX23AxJemwKIGNfkrlQKBgQDIf0QiQVRaVb2KMNn1
            /uOoEITadd55qiN1OG7dZEpz424L/IN7YJK5mTqJANR1dWNydlzgsiHimNkiSSLK
            lwYMFQPBMecZWd7a/t98++etZP4+zbfdS2/+hGd6n6XDmFUuJJqf5b6ZzguEvYFB
            QZhS3mkmFVfrEciyhhwz0rw07wKBgQC9aOunay1YD3kKqzdtjPOWjjXb8FWH7o6N
            3es/5Rh+Q+eP7ylgkgqKmUUMHq9SPXtPPDZN6DYmzPE4tjVnuQ+Zq0weEPp910yD
            zZB1o6dREgG/0RsVYgRNxHJ/BXaDPvIl/hwA3qEm1jPJZHl1atHAupiubll497u0
            8ir2V895jwKBgQC08GWEpICDpa0P8VZCcmzxVzcOECFemvS07ODgW4n1W+IMXy4p
            QdYoOOhii6Uw+2dr/PWEsj1ySY5rKqWDPxft/2kMCQUOE9TSvgDiwlMqYGIyO2Ub
            COFhSAw61ai7A9abdd01QBjqpNAwUvU69v+Iib9K5ygYtEvzEKSTADNpcQKBgFpL
            yYQfwRcpETA33Y25U2rj0uNOGMhbvtP9BqiIQ/v1zU+92UDzflkCpnsXqccQDlgA
            wXa0jBRFQX4ixyTygXBlzDzNJU2WtSBkgEjEwwAQEItsWXgBKUIVs+vAI/Z/rJrW
            IG19tN+54ChTYN/ME8DIc/88FiVoHLEvfbHAvOUbAoGBALeYEyKBJcb0CwmiLkHh
            qpkM2XP//5aRUf4xuPia97VYcRnEsC6zjPXVBOvcMnDjbIOfZ9bwQqPyzpZmToN4
            jpJGwgib0GUc06uAAHE9uIr0+gzZ8G/Efen8mc6G/mIAPYhJWVBUnFpqBikwjVk6
            eH3sYBCfGKX/7C2L2imZdSTA
            -----END PRIVATE KEY-----
            """;
}
