/**
 * SSH public key vectors made on this project's development machine with OpenSSH_9.2p1 (Debian
 * 9.2p1-2+deb12u6, OpenSSL 3.0.19):
 *
 *   ssh-keygen -q -t ed25519 -N '' -C vector-ed25519@sealed-vault -f ed25519
 *   ssh-keygen -q -t rsa -b 2048 -N '' -C vector-rsa2048@sealed-vault -f rsa2048      (and -b 3072)
 *   ssh-keygen -q -t ecdsa -b 256 -N '' -C vector-p256@sealed-vault -f p256           (and 384, 521)
 *   ssh-keygen -q -t ed25519 -N 'correct horse' -C enc -f enc                         (encrypted)
 *
 * `publicKey` is the `.pub` file; `keygen` is the line `ssh-keygen -lf <name>.pub` printed, from
 * which bits, fingerprint and comment are taken. The private keys are throwaway test keys made for
 * these vectors and used nowhere else.
 */

export interface SshKeyVector {
  readonly name: string;
  readonly publicKey: string;
  readonly keygen: string;
  readonly privateKey?: string;
}

export const SSH_KEY_VECTORS: readonly SshKeyVector[] = [
  {
    name: 'ed25519',
    publicKey:
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFrwiQ/Fkqiys0mlp9rGtQ1QA4cwyAVDD90Kh/jL5gnU vector-ed25519@sealed-vault',
    keygen: '256 SHA256:uYvJO1vt2HMUHluOS/znfkxPt4hwQ2/elUDCWMJV/sU vector-ed25519@sealed-vault (ED25519)',
    privateKey: [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      'QyNTUxOQAAACBa8IkPxZKosrNJpafaxrUNUAOHMMgFQw/dCof4y+YJ1AAAAKAlrCWWJawl',
      'lgAAAAtzc2gtZWQyNTUxOQAAACBa8IkPxZKosrNJpafaxrUNUAOHMMgFQw/dCof4y+YJ1A',
      'AAAEBRBQjx5E7u7cmaKYZtq3wcB1f49jbAgRaTBlHL9RmXIVrwiQ/Fkqiys0mlp9rGtQ1Q',
      'A4cwyAVDD90Kh/jL5gnUAAAAG3ZlY3Rvci1lZDI1NTE5QHNlYWxlZC12YXVsdAEC',
      '-----END OPENSSH PRIVATE KEY-----',
    ].join('\n'),
  },
  {
    name: 'rsa2048',
    publicKey:
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCyg/JUrS50V7chIAcc+f6KG0chQ8GIMZEZogtgQdAe4Y6cgGZKj77MICnenzGnBKld+d03qMllYY1wVwCXa2C0cUAnU6cDibpEVdz+oj8hIZitT+kirubsH1zNhNLYD541d64eJvx4CGZQ62Zsa5AiO9wuAjZhK1xpQ3WBPpniEVJVuWe/oxwztx/xcPzevh1z6Bj/mzsI+6ItioIolwqIxc/7HH/SsDtNbdfHaJ1iYx5tpHPxB2ozu+Q31G/wmcwaZOOa+8cEVI819Dc0Yib/Io1hsEInsTTeyJa0Dr6WeaB92NzYmf1H9oX5su3rA5q8doTqPfpwWVX85CuNIyvR vector-rsa2048@sealed-vault',
    keygen: '2048 SHA256:09uaxufNM/3/do9OHS5czBVmcuDrGWk29CvDylJ3f7M vector-rsa2048@sealed-vault (RSA)',
  },
  {
    name: 'rsa3072',
    publicKey:
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDJWy39x2dvoVxZdON/4kzoi4LAjZcQOeLRas1n3o7wJP3aQuWhQCtKUM7DAR8GdZsZ/K6PgsoiM2iVBwH9INgKa38qQb+KANuEcfYmkRq5yPwLsYh4UT3ROuRM6AAN5witpAJmzHJTEZxxRff49pMd6yBqfKQg5OyzgPc6jkRlOx29Rsb4ZbhpXyXArTRVLk8NAj5cyGQBhAinwxK7KCSl3reyDwPROsAteIT2UGTwCX/3LJC9c4l7fvPz5/WjL98yrxP/Lph+Z4e186LPqIQGoh4UeDcB1ohBAYgL6hyVazODBVLR0218a8iU9HAXkpVBGS6vlGEWyp3gbn+5wZ3JK3OOq0B+yDk9AM6UDTbBxRtqjM6eJYs2nf8mzbJmzvANviHZlyaCMScq/cfQN2xUMsGPbFl77tQRkcF36H78VXDXJ+4eVzmiRjaPPxinmEpraSfqw0kPc6WqS6BWd/VAjuyBz3eQP6SAFR5mm/zBOji7E/4p8CtNT5Vlok94BtM= vector-rsa3072@sealed-vault',
    keygen: '3072 SHA256:LFnSmbJS9iZE214JXYBEUmra6DeyDRuGANrQgT/rZ/A vector-rsa3072@sealed-vault (RSA)',
  },
  {
    name: 'p256',
    publicKey:
      'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAdAHZCvi/fn+pMHpaDt4KsUMwrixcteOAw5yDSdhA3EbKJKYQ9/PSWSMKs9GCtDQKMGpVXoLgkOhBnBJM258dM= vector-p256@sealed-vault',
    keygen: '256 SHA256:6wul1Pq17w3GE1cTsDhLSB1DCwAPwkc1CqjQyKZMGoU vector-p256@sealed-vault (ECDSA)',
  },
  {
    name: 'p384',
    publicKey:
      'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBHvtDVanUcpAuCPamnLDdN1irdYPocilEoRugVj0ZNYevNE1yO3IoPDgj+e2MVPHdhaaKy+2mLR/qaatLjAVPwdp3v37vDo51grdEwSaYzsdPfmB78I9GwOJcut26037Yw== vector-p384@sealed-vault',
    keygen: '384 SHA256:GDAG7s5OwozSmIduzC7JsLePtIEdIZLsUUsml7aCqj4 vector-p384@sealed-vault (ECDSA)',
  },
  {
    name: 'p521',
    publicKey:
      'ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBADZfkxZiLld0012mWPqFtvxY0hy1rwwM3ksyh62bVnf6R2TT76rSKoOjWJInLFwnnpYoiES41BRh/RFWGaEGZVo+wCce2c0g9Zbsf8i8SiiuSc/GxmVtVHwM4eFmnlLzZgFQK66Ll+PRUeiyDNUXsVIWCd2RgPmID/9cGlPIngE0E//pQ== vector-p521@sealed-vault',
    keygen: '521 SHA256:ZaCzlI6s0TV93t1GMFAs+Kg5k9Q/xTkHFnATwX1GE4Q vector-p521@sealed-vault (ECDSA)',
  },
  {
    name: 'enc',
    publicKey:
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBj5LM02Q2rUGvFeuGG0VCmzRgwTvSbqAQFrbFU+zP4y enc',
    keygen: '256 SHA256:AUdY3IlHibomruf2rJhV4MELoJ5vWdj58hz/YkJ9o8w enc (ED25519)',
    privateKey: [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABCOia0Ckr',
      'bfvNTmpqz2DYIVAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIBj5LM02Q2rUGvFe',
      'uGG0VCmzRgwTvSbqAQFrbFU+zP4yAAAAkBZEsoxPWgc0c8OZbQf2Pz7HZXhoMGgv4x0vlq',
      'NM8v13/3WArYgp/a8XPdospKSUIG4mD4Mtwo5GIPsWitFd59Jaf6HTvufrkZ3/48DdzoDp',
      '8nCbwnC8hn8Jz80x889z593ouRHbxs43UcJ2KCTtfj1MxEXV00UvcC+Ms1nKYGD42ilR+0',
      'gj9tk77mbimUMp7Q==',
      '-----END OPENSSH PRIVATE KEY-----',
    ].join('\n'),
  },
];
