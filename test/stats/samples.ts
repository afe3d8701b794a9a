/**
 * Sample sets shared by the stats tests: e2el latencies (ms) of 30 PaddleOCR-VL requests before
 * and after a change, drawn once with numpy (lognormal around 1850 and 1480 ms, sigma 0.12,
 * rounded to 0.1 ms; one tie inside the baseline and one across the two sets).
 */
export const baselineMs = [
  1850.3, 1917.5, 1790.1, 2172.8, 1751.8, 1642.4, 1863.4, 2172.8, 1743.9, 1717.3, 1962.0, 1930.9, 1873.6, 1654.6, 1843.5,
  2011.0, 1574.4, 1751.1, 1472.6, 1584.8, 1483.2, 1798.5, 1589.0, 1911.2, 1885.1, 1809.0, 1367.8, 1734.2, 1839.3, 1875.3,
];

export const candidateMs = [
  1231.7, 1397.5, 1316.0, 1343.1, 1680.9, 1962.0, 1474.2, 1645.7, 1379.9, 1460.3, 1499.7, 1491.4, 1277.7, 1493.6, 1742.1,
  1229.2, 1640.8, 1501.3, 1370.3, 1881.5, 1621.8, 1281.6, 1493.3, 1586.0, 1446.8, 1606.4, 1468.2, 1603.4, 1758.9, 1364.7,
];

/** Ten sequential matrix requests (ms): the first is an 8 s cold start. */
export const coldStartMs = [8123.4, 1502.1, 1488.7, 1530.2, 1495.0, 1511.8, 1479.3, 1520.6, 1498.4, 1507.9];
