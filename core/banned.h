/* core/banned.h: poisons C library calls that overflow or are not thread-safe (after git's banned.h).
   Included last by every translation unit of snakepipe, so a stray strcpy fails the build. */
#ifndef SP_BANNED_H
#define SP_BANNED_H

#define SP_BANNED(func) sorry_##func##_is_banned_in_snakepipe

#undef strcpy
#define strcpy(x, y) SP_BANNED(strcpy)
#undef strcat
#define strcat(x, y) SP_BANNED(strcat)
#undef sprintf
#define sprintf(...) SP_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SP_BANNED(vsprintf)
#undef gets
#define gets(x) SP_BANNED(gets)
#undef strtok
#define strtok(x, y) SP_BANNED(strtok)

#endif
